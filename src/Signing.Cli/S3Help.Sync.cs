namespace Signing.Cli;

/// <summary>The help of <c>sigv s3 sync</c> and <c>mv</c>, and the filter and object-setting flags cp, mv, rm and sync share.</summary>
internal static partial class S3Help
{
    /// <summary>--metadata, --cache-control, --content-disposition, --storage-class: lines of a flag list (each after a line break).</summary>
    private const string ObjectFlagsHelp = "\n" + """
          --metadata K=V,...          user metadata, sent as x-amz-meta-K (also as JSON: '{"K":"V"}');
                                      on an S3->S3 copy it replaces the source's, as the AWS CLI
          --cache-control VALUE       the object's Cache-Control, such as 'max-age=3600'
          --content-disposition VALUE the object's Content-Disposition, such as 'attachment'
          --storage-class CLASS       STANDARD, STANDARD_IA, ONEZONE_IA, INTELLIGENT_TIERING,
                                      GLACIER_IR, GLACIER, DEEP_ARCHIVE, REDUCED_REDUNDANCY, ...
          --page-size N               keys per list request, 1 to 1000 (default 1000)
          --no-follow-symlinks        skip symbolic links under a local directory (default: follow)
        """;

    /// <summary>The --exclude/--include rules, as a paragraph (a blank line before it, a line break after).</summary>
    private const string FilterHelp = "\n\n" + """
        Filters, as the AWS CLI's: --exclude PATTERN and --include PATTERN, repeatable. Every file
        starts included; each filter that matches it decides again, so later filters win. Patterns
        match the whole path relative to the source directory or prefix (for --delete, the target):
        '*' any characters, '/' too; '?' one character; [abc], [a-z], [!abc] one of (not of) a set.
          --exclude '*' --include '*.txt'     only .txt files, at any depth
          --include '*.txt' --exclude '*'     nothing: the later --exclude wins
          --exclude 'logs/*'                  all but what is under logs/
        """ + "\n";

    public const string Sync = """
        Usage: sigv s3 sync SOURCE TARGET [--delete] [--dryrun] [--exclude PATTERN] [--include PATTERN]
                            [--size-only] [--exact-timestamps] [--acl ACL] [--content-type TYPE]
                            [--metadata K=V,...] [--cache-control V] [--content-disposition V]
                            [--storage-class CLASS] [--page-size N] [--no-follow-symlinks]
                            [--multipart-threshold SIZE] [--multipart-chunksize SIZE]

        Makes TARGET hold what SOURCE holds: a local directory to s3://BUCKET/PREFIX/, a prefix to a
        directory, or a prefix to another prefix. Copies only what is missing or changed, by the
        AWS CLI's rules: a file goes when it is not at TARGET, or the sizes differ, or
          upload or S3 copy: the source is newer than the target
          download:          the local file is newer than the object (a downloaded file gets the
                             object's time as its mtime, so a newer one was changed locally)
        So a second sync copies nothing. Transfers run 10 at a time under one progress bar (when
        stderr is a terminal); lines as 'aws s3 sync' prints them ('upload: ./a to s3://b/a',
        download:, copy:, delete:), then a summary on stderr unless --quiet. Exit 1 if anything
        failed; what did go stays, so running it again finishes the job.
          --delete             delete what is at TARGET but not at SOURCE (filters apply)
          --dryrun             print what would be done ('(dryrun) upload: ...'), do nothing
          --size-only          compare sizes only, not times
          --exact-timestamps   download same-sized objects whose time differs at all from the file's
          --acl, --content-type   as for cp (uploads and copies)
        """ + ObjectFlagsHelp + FilterHelp + """

        Examples:
          sigv s3 sync site/ s3://www/ --delete --cache-control max-age=300
          sigv s3 sync s3://backups/db/ ./db --exclude '*' --include '*.sql.gz'
          sigv s3 sync s3://photos/ s3://photos-copy/ --dryrun
        """;

    public const string Mv = """
        Usage: sigv s3 mv SOURCE TARGET [--recursive] [cp's flags]

        Copies as 'sigv s3 cp' does, then deletes the source (the local file or the object) once its
        copy is made; a source that failed to copy stays. Prints 'move: A to B' per file. Moving an
        object onto itself is refused (it would be deleted). Takes cp's flags: --recursive,
        --exclude/--include, --acl, --content-type, --metadata, --cache-control,
        --content-disposition, --storage-class, --page-size, --dryrun, --no-follow-symlinks.

        Examples:
          sigv s3 mv report.pdf s3://docs/2024/
          sigv s3 mv s3://inbox/ s3://archive/2024/ --recursive --exclude '*.tmp'
          sigv s3 mv s3://exports/data.csv ./data.csv
        """;
}
