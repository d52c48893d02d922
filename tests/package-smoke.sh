#!/usr/bin/env bash
# The packages as a user gets them: `dotnet pack` into a local folder feed, then a fresh console
# project (made here with `dotnet new console`) installs SigV4Signing and SigV4Signing.S3 *from that
# feed*, signs the AWS S3 documentation's GET example and must print its published signature; the
# same project publishes with Native AOT (net8.0) with zero warnings; `dotnet tool install` puts
# `sigv` from the feed into a tool path and `sigv --version` runs. Fails when a package lacks its
# README, its license or its symbols. Called by .ci/run; alone: bash tests/package-smoke.sh
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

# unzip reads the packages; install it when missing and we can (root on Debian/Ubuntu), as aot-smoke does clang.
if ! command -v unzip >/dev/null; then
  if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq unzip >/dev/null
  else
    echo "package-smoke: needs unzip: apt-get install unzip" >&2
    exit 1
  fi
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
feed=$work/feed
version=$(sed -n 's:.*<Version>\(.*\)</Version>.*:\1:p' Directory.Build.props)

for p in src/Signing src/Signing.S3 src/Signing.Cli; do
  dotnet pack "$p" -c Release -o "$feed" -v quiet -nologo
done

for id in SigV4Signing SigV4Signing.S3 SigV4Signing.Cli; do
  pkg=$feed/$id.$version.nupkg
  [[ -f $pkg && -f $feed/$id.$version.snupkg ]] || { echo "package-smoke: $id $version: package or symbol package missing" >&2; exit 1; }
  files=$(unzip -Z1 "$pkg")
  grep -qx README.md <<<"$files" || { echo "package-smoke: $id has no README.md" >&2; exit 1; }
  unzip -p "$pkg" "$id.nuspec" | grep -q '<license type="expression">MIT</license>' || { echo "package-smoke: $id names no MIT license" >&2; exit 1; }
  unzip -p "$pkg" "$id.nuspec" | grep -q '<readme>README.md</readme>' || { echo "package-smoke: $id does not point to its README" >&2; exit 1; }
done
# No third-party dependency in the libraries: SigV4Signing has none, SigV4Signing.S3 only SigV4Signing.
! unzip -p "$feed/SigV4Signing.$version.nupkg" SigV4Signing.nuspec | grep -q '<dependency ' || { echo "package-smoke: SigV4Signing has dependencies" >&2; exit 1; }
[[ $(unzip -p "$feed/SigV4Signing.S3.$version.nupkg" SigV4Signing.S3.nuspec | grep '<dependency ' | grep -vc 'id="SigV4Signing"') == 0 ]] || { echo "package-smoke: SigV4Signing.S3 depends on more than SigV4Signing" >&2; exit 1; }

# A consumer: the default package sources plus the local feed.
app=$work/consumer
mkdir -p "$app"
cd "$app"
dotnet new console -n Consumer -o . --force >/dev/null
# net8.0: the Native AOT compiler package restores here for net8.0 (see src/Signing.Cli).
sed -i 's:<TargetFramework>[^<]*</TargetFramework>:<TargetFramework>net8.0</TargetFramework>:' Consumer.csproj
cat > nuget.config <<XML
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <add key="local" value="$feed" />
  </packageSources>
</configuration>
XML
dotnet add package SigV4Signing --version "$version" >/dev/null
dotnet add package SigV4Signing.S3 --version "$version" >/dev/null
cat > Program.cs <<'CS'
using Signing;
using Signing.S3;

// The AWS S3 documentation's GET example (examplebucket/test.txt, Range bytes=0-9, 20130524).
var credentials = new AwsCredentials("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");
var signer = new HttpRequestSigner(new SigV4Signer(credentials, "us-east-1", "s3"));
using var request = new HttpRequestMessage(HttpMethod.Get, "https://examplebucket.s3.amazonaws.com/test.txt");
request.Headers.TryAddWithoutValidation("Range", "bytes=0-9");
var signed = await signer.SignAsync(request, Payload.Empty, new DateTimeOffset(2013, 5, 24, 0, 0, 0, TimeSpan.Zero));
Console.WriteLine(signed.Signature);
using var client = new S3Client(new S3ClientOptions { Endpoint = new Uri("http://127.0.0.1:9") });
Console.WriteLine(client.GetPublicUrl("examplebucket", "a b.txt"));
CS
expected=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41
# Only the .NET 10 runtime may be installed: the net8.0 build runs on it (roll forward).
out=$(DOTNET_ROLL_FORWARD=Major dotnet run -c Release)
[[ $(sed -n 1p <<<"$out") == "$expected" ]] || { echo "package-smoke: the consumer signed $(sed -n 1p <<<"$out"), not $expected" >&2; exit 1; }
[[ $(sed -n 2p <<<"$out") == "http://127.0.0.1:9/examplebucket/a%20b.txt" ]] || { echo "package-smoke: S3Client.GetPublicUrl gave $(sed -n 2p <<<"$out")" >&2; exit 1; }

# Native AOT from the packages: zero trim/AOT warnings, and the native program signs the same.
rid=linux-x64
case "$(uname -m)" in aarch64|arm64) rid=linux-arm64 ;; esac
log=$work/aot.log
dotnet publish -c Release -r "$rid" -p:PublishAot=true -p:TreatWarningsAsErrors=true -o "$work/native" >"$log" 2>&1 || { cat "$log" >&2; exit 1; }
if grep -qE 'warning (IL|AOT)[0-9]+' "$log"; then cat "$log" >&2; echo "package-smoke: trim/AOT warnings" >&2; exit 1; fi
[[ $("$work/native/Consumer" | sed -n 1p) == "$expected" ]] || { echo "package-smoke: the native consumer signed differently" >&2; exit 1; }

# sigv as a dotnet tool from the feed.
cd "$root"
dotnet tool install SigV4Signing.Cli --version "$version" --tool-path "$work/tools" --add-source "$feed" >/dev/null
"$work/tools/sigv" --version
echo "package-smoke: SigV4Signing, SigV4Signing.S3 and SigV4Signing.Cli $version install from a feed, sign right, publish with Native AOT"
