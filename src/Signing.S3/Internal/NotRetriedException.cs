namespace Signing.S3.Internal;

/// <summary>
/// Carries a failure out of an attempt's body reader that a retry cannot cure although its type
/// looks transient (a local file that cannot be written): the send loop rethrows the inner
/// exception as it is, without another attempt.
/// </summary>
internal sealed class NotRetriedException(Exception inner) : Exception(inner.Message, inner);
