// Stack buffers (the canonical request, header tables, hex) are always written before they are
// read (Utf8Builder tracks its length; the rest is filled whole), so the JIT's zeroing of every
// stackalloc is skipped. The compiler needs AllowUnsafeBlocks for the attribute; no unsafe code is written.
[module: System.Runtime.CompilerServices.SkipLocalsInit]
