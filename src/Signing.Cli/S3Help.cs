namespace Signing.Cli;

/// <summary>The help texts of <c>sigv s3</c> and its subcommands.</summary>
internal static partial class S3Help
{
    public const string Main = """
        Usage: sigv s3 [GLOBAL FLAGS] SUBCOMMAND [ARGS] [FLAGS]

        Everyday S3 commands, shaped like the AWS CLI's 'aws s3' (same arguments and output).
          ls [s3://BUCKET[/PREFIX]]     list buckets, or objects one level deep (--recursive: all)
          mb s3://BUCKET                make a bucket
          rb s3://BUCKET                remove a bucket (--force: empty it first)
          cp SOURCE TARGET              copy local->S3, S3->local, S3->S3; '-' is stdin/stdout
          mv SOURCE TARGET              cp, then delete the source (--recursive: all under it)
          sync SOURCE TARGET            copy what is new or changed between a directory and a prefix
          rm s3://BUCKET/KEY            delete an object (--recursive: all under a prefix)
          cat s3://BUCKET/KEY           print an object to standard output
          presign s3://BUCKET/KEY       print a presigned GET (or --method PUT) URL
          presign-post s3://BUCKET/KEY  print a presigned POST (browser upload form) as JSON or HTML
          cors put|get|delete s3://BUCKET [FILE]   set, show or remove the bucket's CORS rules
        'sigv s3 SUBCOMMAND --help' shows a subcommand's flags and examples.

        Global flags (before or after the subcommand):
          --endpoint-url URL       the server; default AWS_ENDPOINT_URL_S3, then AWS_ENDPOINT_URL, then
                                   the profile's services section (services = NAME; [services NAME]
                                   s3 = / endpoint_url = URL), then the profile's endpoint_url (all
                                   but the flag ignored with AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true
                                   or ignore_configured_endpoint_urls = true), then
                                   https://s3.REGION.amazonaws.com
          --region REGION          default AWS_REGION / AWS_DEFAULT_REGION / the profile's, else us-east-1
          --profile NAME           profile of ~/.aws/credentials and ~/.aws/config
          -u, --user AK:SK         access key and secret; default AWS_ACCESS_KEY_ID and
                                   AWS_SECRET_ACCESS_KEY, then the profile
          --session-token TOKEN    session token of temporary credentials
          --no-sign-request        send requests unsigned (public buckets)
          --path-style             https://HOST/BUCKET/KEY
          --virtual-host           https://BUCKET.HOST/KEY
                                   default: virtual-host for *.amazonaws.com (path-style for bucket
                                   names with dots), path-style for every other endpoint
          --signature v4|v2|hybrid v4 (default); v2 for servers that only know Signature V2; hybrid
                                   signs object data (PUT/GET/DELETE of objects, parts, copies,
                                   presigned URLs) with v2 and the rest with v4
          --quiet                  print no result lines and no progress (--only-show-errors too)
          --no-progress            no progress bar (it shows only when stderr is a terminal)
          --ca-bundle FILE         trust the CA certificate(s) of PEM FILE instead of the system's (a
                                   private CA); default AWS_CA_BUNDLE, then the profile's ca_bundle
          --no-verify-ssl          accept any server certificate (tests only; a warning says so)
          --resolve HOST:PORT:ADDR connect to ADDR for HOST:PORT, as curl's (not in the AWS CLI)
          --connect-to H1:P1:H2:P2 connect to H2:P2 for H1:P1, as curl's; ::127.0.0.1: sends every
                                   host, virtual-host buckets included, to 127.0.0.1 (names are still
                                   checked against the certificate)
          --cli-read-timeout SECONDS     the longest wait for data from the server, as the AWS CLI's
                                         (default 30; 0: no limit)
          --cli-connect-timeout SECONDS  the longest wait for a connection (default 10; 0: no limit)
          --debug                  on an internal error, print its stack trace too

        Bucket names: 3 to 63 lower-case letters, digits, '.' and '-' on AWS; S3-compatible servers
        may also take upper case and '_' (up to 255), as the AWS CLI accepts. Keys: up to 1024 bytes.
        A key ending in '/' (a folder marker, as consoles and boto3 make) is an object to cp, cat,
        rm and presign, as with 'aws s3'; s3://BUCKET/ alone names no object.

        Ctrl+C (SIGINT) or SIGTERM stops cleanly: an unfinished multipart upload is aborted and a
        partial download removed, then sigv exits 130 (SIGINT) or 143 (SIGTERM).

        Over HTTPS, object bodies are signed as UNSIGNED-PAYLOAD, as the AWS CLI does: TLS protects
        them, and a file is read once instead of twice; over http:// each body's SHA-256 is signed.

        Exit codes: 0 ok, 1 request failed, 2 usage error, 3 no credentials found, 130 interrupted
        (SIGINT), 143 terminated (SIGTERM).

        Examples:
          sigv s3 --endpoint-url http://127.0.0.1:9000 ls
          sigv s3 mb s3://photos
          sigv s3 cp cat.png s3://photos/2024/
          sigv s3 ls s3://photos/2024/ --human-readable --summarize
          sigv s3 cp s3://photos/2024/cat.png - | file -
          AWS_ENDPOINT_URL_S3=https://ecs.example.com sigv s3 --signature hybrid cp big.iso s3://isos/
          sigv s3 --endpoint-url https://ecs.example.com --ca-bundle corp-ca.pem ls
        """;

    public const string Ls = """
        Usage: sigv s3 ls [s3://BUCKET[/PREFIX]] [--recursive] [--human-readable] [--summarize]
                          [--page-size N]

        Without a path, lists your buckets: creation time and name. With one, lists one level
        under PREFIX: folders as 'PRE name/', then 'DATE TIME SIZE NAME' per object (local time).
        PREFIX is a plain key prefix: s3://b/ph lists photos/ and phone.txt. A prefix that matches
        nothing exits 1 without output, as 'aws s3 ls' does.
          --recursive        every key under PREFIX, with full key names
          --human-readable   sizes as 1.5 KiB, 20.0 MiB
          --summarize        end with the number of objects and their total size
          --page-size N      keys per list request, 1 to 1000 (default: the server's, 1000)

        Examples:
          sigv s3 ls
          sigv s3 ls s3://photos/2024/
          sigv s3 ls s3://photos --recursive --human-readable --summarize
        """;

    public const string Mb = """
        Usage: sigv s3 mb s3://BUCKET

        Creates a bucket in --region (sent as its LocationConstraint, except for us-east-1).

        Examples:
          sigv s3 mb s3://photos
          sigv s3 mb s3://photos-eu --region eu-west-1
        """;

    public const string Rb = """
        Usage: sigv s3 rb s3://BUCKET [--force]

        Removes an empty bucket.
          --force   first delete every object in it (and abort unfinished multipart uploads)

        Examples:
          sigv s3 rb s3://photos
          sigv s3 rb s3://scratch --force
        """;

    public const string Cp = """
        Usage: sigv s3 cp SOURCE TARGET [--recursive] [--exclude PATTERN] [--include PATTERN]
                          [--acl ACL] [--content-type TYPE] [--metadata K=V,...] [--cache-control V]
                          [--content-disposition V] [--storage-class CLASS] [--page-size N]
                          [--multipart-threshold SIZE] [--multipart-chunksize SIZE] [--dryrun]
                          [--no-follow-symlinks]

        Copies a local file to S3, an object to a local file, or an object to another key (on the
        server, CopyObject, up to 5 GiB). '-' as SOURCE uploads standard input; as TARGET writes
        the object to standard output. A TARGET ending in '/' (or an existing directory) receives
        the source's name. Prints 'upload: A to B' (download:, copy:) per file, unless --quiet.
        A SOURCE key ending in '/' is a folder marker, copied as the object it is: to '-', to a
        named file, or into an S3 folder (as dir/); a local directory needs a file name for it.
          --recursive                 every file under a directory, or key under s3://B/PREFIX/
                                      (PREFIX is taken as a folder: s3://b/logs means logs/)
          --acl ACL                   canned ACL: private, public-read, public-read-write,
                                      authenticated-read, bucket-owner-read, bucket-owner-full-control
          --content-type TYPE         the object's Content-Type; default guessed from the extension
                                      (.txt text/plain, .json application/json, .png image/png, ...),
                                      else application/octet-stream
          --multipart-threshold SIZE  above it, uploads go in parts and downloads in parallel
                                      ranges (default 8MB; sizes as 8MB, 64MiB, 1GB: binary units)
          --multipart-chunksize SIZE  the part size, 5MB to 5GB (default 8MB)
          --dryrun                    print what would be copied, copy nothing
        """ + ObjectFlagsHelp + FilterHelp + """

        Examples:
          sigv s3 cp report.pdf s3://docs/2024/
          sigv s3 cp s3://docs/2024/report.pdf .
          sigv s3 cp s3://docs/2024/report.pdf s3://archive/report-2024.pdf
          sigv s3 cp site/ s3://www/ --recursive --acl public-read
          tar cz data | sigv s3 cp - s3://backups/data.tgz
          sigv s3 cp big.iso s3://isos/ --multipart-chunksize 64MB
        """;

    public const string Rm = """
        Usage: sigv s3 rm s3://BUCKET/KEY [--recursive] [--dryrun] [--exclude PATTERN]
                          [--include PATTERN] [--page-size N]

        Deletes an object (a folder marker too: s3://BUCKET/dir/ deletes the object 'dir/' only);
        prints 'delete: s3://BUCKET/KEY' unless --quiet.
          --recursive   every key under s3://BUCKET/PREFIX/ (PREFIX taken as a folder: s3://b/logs
                        deletes logs/..., never logs2/...), 1000 per DeleteObjects request
          --dryrun      print what would be deleted, delete nothing
        """ + FilterHelp + """

        Examples:
          sigv s3 rm s3://docs/old.pdf
          sigv s3 rm s3://docs/tmp --recursive --dryrun
          sigv s3 rm s3://logs/ --recursive --exclude '*' --include '2023-*'
        """;

    public const string Cat = """
        Usage: sigv s3 cat s3://BUCKET/KEY

        Writes the object to standard output, bytes as stored (the same as 'sigv s3 cp s3://... -').

        Examples:
          sigv s3 cat s3://config/app.json | jq .
          sigv s3 cat s3://backups/data.tgz | tar xz
        """;

    public const string Presign = """
        Usage: sigv s3 presign s3://BUCKET/KEY [--expires-in SECONDS] [--method GET|PUT]
                               [--content-type TYPE]

        Prints a presigned URL: anyone holding it may GET (or PUT) that object until it expires.
          --expires-in SECONDS   1 to 604800 (7 days); default 3600
          --method GET|PUT       GET (default) downloads; PUT uploads with any HTTP client
          --content-type TYPE    PUT only: the upload must send exactly this Content-Type
        With --signature v2 or hybrid the URL is signed with Signature V2.

        Examples:
          sigv s3 presign s3://docs/report.pdf --expires-in 600
          url=$(sigv s3 presign s3://uploads/cat.png --method PUT --content-type image/png)
          curl -X PUT -H 'Content-Type: image/png' --data-binary @cat.png "$url"
        """;

    public const string PresignPost = """
        Usage: sigv s3 presign-post s3://BUCKET/KEY-OR-PREFIX [--expires-in SECONDS]
                                    [--content-length-range MIN,MAX] [--content-type TYPE]
                                    [--acl ACL] [--html]

        Prints a presigned POST: the URL and form fields with which a browser (an HTML form, or
        fetch with FormData) uploads a file straight to the bucket, under a signed policy the
        server enforces. Output: JSON {"url": ..., "fields": {...}}; the form sends the fields, then
        the file as the field 'file' (last). A KEY ending in '/' (or the bucket alone) is a prefix:
        the upload may use any key under it, by default the file's name ('${filename}').
          --expires-in SECONDS          1 to 604800 (7 days); default 3600
          --content-length-range MIN,MAX  the file's size must be within it, such as 1,10MB
          --content-type TYPE           the upload must carry exactly this Content-Type
          --acl ACL                     the object's canned ACL (private, public-read, ...)
          --html                        print a ready upload page (form and file input) instead
        With --signature v2 or hybrid the policy is signed with Signature V2. A page on another
        origin that reads the answer (fetch) needs the bucket's CORS to allow it: see 'sigv s3 cors'.

        Examples:
          sigv s3 presign-post s3://uploads/photos/ --content-length-range 1,10MB --expires-in 600
          sigv s3 presign-post s3://uploads/avatar.png --content-type image/png --html > upload.html
        """;

    public const string Cors = """
        Usage: sigv s3 cors put s3://BUCKET FILE
               sigv s3 cors get s3://BUCKET
               sigv s3 cors delete s3://BUCKET

        A bucket's CORS rules: which web origins may call it from a browser (a page that PUTs to a
        presigned URL, or reads the answer of a form POST, needs them). FILE is the JSON of
        'aws s3api put-bucket-cors --cors-configuration' (file://x.json is taken too; '-' reads
        standard input); 'get' prints the rules in the same form, so its output can be put back.
          {"CORSRules": [{"AllowedOrigins": ["https://app.example.com"],
                          "AllowedMethods": ["PUT", "POST"], "AllowedHeaders": ["*"],
                          "ExposeHeaders": ["ETag"], "MaxAgeSeconds": 3000}]}
        A rule takes ID, AllowedOrigins, AllowedMethods (GET, PUT, POST, DELETE, HEAD),
        AllowedHeaders, ExposeHeaders and MaxAgeSeconds; a bucket takes 1 to 100 rules.
        'get' on a bucket without rules fails with NoSuchCORSConfiguration (exit 1).

        Examples:
          sigv s3 cors put s3://uploads cors.json
          sigv s3 cors get s3://uploads > cors.json
          sigv s3 cors delete s3://uploads
        """;
}
