"""Translate template.yaml to plain CloudFormation with aws-sam-translator (the library `sam` itself uses).

Usage: python3 test/template/sam_translate.py TEMPLATE [Name=Value ...]   (prints JSON on stdout)

Local paths (a function's CodeUri, the state machine's DefinitionUri) are what `sam package` replaces with S3
locations; the translator accepts only those, so each is swapped for an s3:// placeholder first. The originals are
printed beside the result, under "localPaths", for the test to check against dist/ and pipeline/.
Parameters without a default are given by the caller; the AWS pseudo parameters come from AWS_DEFAULT_REGION.
"""
import json
import sys

from samtranslator.translator.transform import transform
from samtranslator.yaml_helper import yaml_parse

PLACEHOLDER_BUCKET = "sam-translate-placeholder"


class NoManagedPolicies:
    """The template names no AWS managed policy by name, so there is nothing to look up in IAM."""

    def load(self):
        return {}


def swap_local_paths(template):
    local = {}
    for logical_id, resource in template.get("Resources", {}).items():
        properties = resource.get("Properties", {})
        kind = resource.get("Type")
        if kind == "AWS::Serverless::Function" and isinstance(properties.get("CodeUri"), str):
            local[logical_id] = properties["CodeUri"]
            properties["CodeUri"] = f"s3://{PLACEHOLDER_BUCKET}/{logical_id}.zip"
        if kind == "AWS::Serverless::StateMachine" and isinstance(properties.get("DefinitionUri"), str):
            local[logical_id] = properties["DefinitionUri"]
            properties["DefinitionUri"] = {"Bucket": PLACEHOLDER_BUCKET, "Key": f"{logical_id}.asl.json"}
    return local


def main():
    path, *assignments = sys.argv[1:]
    with open(path, encoding="utf-8") as handle:
        template = yaml_parse(handle.read())
    parameters = dict(assignment.split("=", 1) for assignment in assignments)
    local = swap_local_paths(template)
    cloudformation = transform(template, parameters, NoManagedPolicies())
    json.dump({"localPaths": local, "cloudformation": cloudformation}, sys.stdout, indent=1, default=str)


if __name__ == "__main__":
    main()
