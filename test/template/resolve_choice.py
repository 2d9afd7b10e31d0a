"""The template as CloudFormation would deploy it for one set of parameter values: conditions evaluated, every
resource and output whose condition is false removed, each Fn::If replaced by its chosen branch and AWS::NoValue
dropped, and the given parameter values written in as the defaults. What remains is checked like any template (cfn-lint, aws-sam-translator), so a choice that refers to a
resource it does not deploy, or deploys one it does not use, shows up.

Usage: python3 test/template/resolve_choice.py TEMPLATE OUT.json [Name=Value ...]

Parameters not given take their Default. The condition functions are evaluated as CloudFormation defines them
(Fn::Equals compares values as strings); inside conditions, Ref may name only parameters, and Fn::Select, Fn::Split
and Fn::Sub (parameters only) are resolved, which is what the template's conditions use. Anything else is an error
here rather than a guess.
"""
import json
import re
import sys

from samtranslator.yaml_helper import yaml_parse

NO_VALUE = {"Ref": "AWS::NoValue"}


class Unresolvable(Exception):
    pass


def refusal(spec, value):
    """Why CloudFormation would refuse this value for the parameter, or None."""
    if "AllowedValues" in spec and value not in [str(v) for v in spec["AllowedValues"]]:
        return f"not one of {spec['AllowedValues']}"
    if "AllowedPattern" in spec and not re.fullmatch(spec["AllowedPattern"], value):
        return f"does not match {spec['AllowedPattern']}"
    if "MaxLength" in spec and len(value) > int(spec["MaxLength"]):
        return f"longer than {spec['MaxLength']}"
    if spec.get("Type") == "Number":
        number = float(value)
        if "MinValue" in spec and number < float(spec["MinValue"]):
            return f"less than {spec['MinValue']}"
        if "MaxValue" in spec and number > float(spec["MaxValue"]):
            return f"more than {spec['MaxValue']}"
    return None


def evaluator(template, parameters):
    declared = template.get("Parameters", {})
    values = {name: str(spec["Default"]) for name, spec in declared.items() if "Default" in spec}
    for name, value in parameters.items():
        if name not in declared:
            raise Unresolvable(f"{name} is not a parameter of the template")
        refused = refusal(declared[name], value)
        if refused:
            raise Unresolvable(f"CloudFormation would refuse {name}={value!r}: {refused}")
        values[name] = value
    definitions = template.get("Conditions", {})
    known = {}

    def value(node):
        if isinstance(node, (str, int, float, bool)):
            return str(node).lower() if isinstance(node, bool) else str(node)
        if not isinstance(node, dict) or len(node) != 1:
            raise Unresolvable(f"cannot evaluate {node!r}")
        (fn, arg), = node.items()
        if fn == "Ref":
            if arg not in values:
                raise Unresolvable(f"Ref {arg} has no value (no Default, and not given)")
            return values[arg]
        if fn == "Fn::Sub" and isinstance(arg, str):
            return re.sub(r"\$\{([\w:]+)\}", lambda m: value({"Ref": m.group(1)}), arg)
        if fn == "Fn::Select":
            return items(arg[1])[int(value(arg[0]))]
        raise Unresolvable(f"cannot evaluate {fn} in a condition")

    def items(node):
        if isinstance(node, dict) and "Fn::Split" in node:
            delimiter, source = node["Fn::Split"]
            return value(source).split(delimiter)
        raise Unresolvable(f"cannot make a list of {node!r}")

    def truth(node):
        (fn, arg), = node.items()
        if fn == "Fn::Equals":
            return value(arg[0]) == value(arg[1])
        if fn == "Fn::Not":
            return not truth(arg[0])
        if fn == "Fn::And":
            return all(truth(a) for a in arg)
        if fn == "Fn::Or":
            return any(truth(a) for a in arg)
        if fn == "Condition":
            return condition(arg)
        raise Unresolvable(f"cannot evaluate {fn} as a condition")

    def condition(name):
        if name not in known:
            known[name] = truth(definitions[name])
        return known[name]

    return condition


def choose(node, condition):
    """The node with every Fn::If decided and AWS::NoValue taken out of objects and lists."""
    if isinstance(node, list):
        chosen = [choose(item, condition) for item in node]
        return [item for item in chosen if item != NO_VALUE]
    if isinstance(node, dict):
        if len(node) == 1 and "Fn::If" in node:
            name, yes, no = node["Fn::If"]
            return choose(yes if condition(name) else no, condition)
        chosen = {key: choose(item, condition) for key, item in node.items()}
        return {key: item for key, item in chosen.items() if item != NO_VALUE}
    return node


def resolve(template, parameters):
    condition = evaluator(template, parameters)
    out = {key: item for key, item in template.items() if key != "Conditions"}
    # A given value becomes the default and the only allowed value (the parameter's own constraints stay, and
    # cfn-lint checks the value against them): cfn-lint then resolves each Ref as this deployment does.
    out["Parameters"] = {
        name: {**spec, "Default": parameters[name], "AllowedValues": [parameters[name]]} if name in parameters else spec
        for name, spec in template.get("Parameters", {}).items()
    }
    for section in ("Resources", "Outputs"):
        kept = {}
        for logical_id, entry in template.get(section, {}).items():
            if "Condition" in entry and not condition(entry["Condition"]):
                continue
            entry = {key: item for key, item in entry.items() if key != "Condition"}
            kept[logical_id] = choose(entry, condition)
        out[section] = kept
    return out


def main():
    path, out_path, *assignments = sys.argv[1:]
    with open(path, encoding="utf-8") as handle:
        template = yaml_parse(handle.read())
    parameters = dict(assignment.split("=", 1) for assignment in assignments)
    with open(out_path, "w", encoding="utf-8") as handle:
        json.dump(resolve(template, parameters), handle, indent=1)


if __name__ == "__main__":
    main()
