#!/usr/bin/env python3
"""Writes the post-policy-botocore cases: botocore's generate_presigned_post fields for fixed inputs.

Run at test-authoring time (needs botocore; Debian: apt-get install python3-boto3):
    python3 testvectors/post-policy-botocore/generate.py
The clock is pinned (botocore.signers/auth.get_current_datetime), so the output is stable for a
botocore version; the version used is written into each case. The C# test (PostPolicyBotocoreTests)
builds the same policy with PostPolicy, conditions in botocore's order (the caller's, then bucket,
then key), signs it at "now", and expects these fields exactly.
"""
import datetime, json, os, sys
from unittest import mock

import botocore
import botocore.session
from botocore.config import Config

HERE = os.path.dirname(os.path.abspath(__file__))
NOW = datetime.datetime(2026, 1, 15, 10, 30, 0)  # naive UTC, as botocore's own clock gives
ACCESS, SECRET = "AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
TOKEN = "FwoGZXIvYXdzEXAMPLETOKEN+/=="

# Conditions in this file's own form: ["eq", field, value], ["starts-with", field, prefix],
# ["content-length-range", min, max]; "fields" are the extra fields handed to botocore.
CASES = [
    dict(name="v4-key-exact", signature="s3v4", bucket="examplebucket", key="photos/cat.jpg", expires=3600,
         conditions=[], fields={}),
    dict(name="v4-prefix-range-type", signature="s3v4", bucket="examplebucket", key="uploads/${filename}", expires=600,
         conditions=[["content-length-range", 1, 1048576], ["eq", "Content-Type", "image/png"], ["eq", "acl", "public-read"],
                     ["eq", "success_action_status", "201"], ["eq", "x-amz-meta-uuid", "14365123651274"]],
         fields={"Content-Type": "image/png", "acl": "public-read", "success_action_status": "201", "x-amz-meta-uuid": "14365123651274"}),
    dict(name="v4-starts-with-and-escapes", signature="s3v4", bucket="examplebucket", key="a \"quoted\" \\ key \u00e9\u4e2d", expires=60,
         conditions=[["starts-with", "Content-Type", "image/"], ["starts-with", "x-amz-meta-tag", ""],
                     ["eq", "x-amz-meta-note", "caf\u00e9 \U0001F600 </script>"]],
         fields={"x-amz-meta-note": "caf\u00e9 \U0001F600 </script>"}),
    dict(name="v4-session-token", signature="s3v4", bucket="examplebucket", key="t/${filename}", expires=900, token=True,
         conditions=[["content-length-range", 0, 10]], fields={}),
    dict(name="v2-prefix-range", signature="s3", bucket="examplebucket", key="uploads/${filename}", expires=600,
         conditions=[["content-length-range", 1, 1048576], ["eq", "acl", "private"]], fields={"acl": "private"}),
    dict(name="v2-session-token", signature="s3", bucket="examplebucket", key="k.txt", expires=60, token=True,
         conditions=[], fields={}),
]


def botocore_condition(c):
    if c[0] == "eq":
        return {c[1]: c[2]}
    if c[0] == "starts-with":
        return ["starts-with", "$" + c[1], c[2]]
    return list(c)


def main():
    session = botocore.session.get_session()
    for case in CASES:
        client = session.create_client(
            "s3", region_name="us-east-1", aws_access_key_id=ACCESS, aws_secret_access_key=SECRET,
            aws_session_token=TOKEN if case.get("token") else None,
            config=Config(signature_version=case["signature"], s3={"addressing_style": "virtual"}))
        with mock.patch("botocore.signers.get_current_datetime", return_value=NOW), \
             mock.patch("botocore.auth.get_current_datetime", return_value=NOW):
            out = client.generate_presigned_post(
                case["bucket"], case["key"], Fields=dict(case["fields"]),
                Conditions=[botocore_condition(c) for c in case["conditions"]], ExpiresIn=case["expires"])
        doc = {
            "name": case["name"],
            "source": f"botocore {botocore.__version__} generate_presigned_post, written by generate.py in this folder",
            "algorithm": "AWS4-HMAC-SHA256-POST" if case["signature"] == "s3v4" else "AWS-SIGV2-POST",
            "credentials": {"accessKeyId": ACCESS, "secretAccessKey": SECRET, "sessionToken": TOKEN if case.get("token") else None},
            "region": "us-east-1",
            "service": "s3",
            "timestamp": NOW.strftime("%Y%m%dT%H%M%SZ"),
            "expiresSeconds": case["expires"],
            "bucket": case["bucket"],
            "key": case["key"],
            "conditions": case["conditions"],
            "url": out["url"],
            "fields": out["fields"],
        }
        with open(os.path.join(HERE, case["name"] + ".json"), "w", encoding="utf-8") as f:
            json.dump(doc, f, indent=2, ensure_ascii=False)
            f.write("\n")
    print(f"wrote {len(CASES)} cases with botocore {botocore.__version__}", file=sys.stderr)


if __name__ == "__main__":
    main()
