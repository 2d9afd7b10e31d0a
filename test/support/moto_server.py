"""moto server for the tests, with the in-process patches moto 5.2.1 needs on a machine without Docker.

Usage: python3 test/support/moto_server.py --port PORT   (binds 127.0.0.1)

Started by test/support/moto.ts. Exits when its stdin closes, so a test run that dies never leaves a server behind.
The patches (moto 5.2.1 quirks without Docker, found when this project was set up):
  1. The Docker client property raises an exception that is both docker.errors.DockerException and AttributeError:
     /moto-api/data.json and PutLogEvents with a subscription filter then skip Docker instead of answering 500.
  2. StateMachine gets a __deepcopy__ that shares `backend` and `executions` instead of copying them (copying the
     backend hits a thread lock: every StartExecution after the first answered 500).
  3. The tagging API looks up Lambda functions in the Docker-free backend (it only looked at the Docker one).
  4. Config: Lambda without Docker, Step Functions executions really run.
"""
import argparse
import copy
import importlib.abc
import importlib.util
import os
import sys
import threading

MISSING_MOTO_EXIT = 3


def import_moto():
    try:
        import moto.server  # noqa: F401
    except ImportError as error:
        sys.stderr.write(f'moto is not installed ({error}): pip install "moto[server]"\n')
        sys.exit(MISSING_MOTO_EXIT)


class AfterImport(importlib.abc.MetaPathFinder):
    """Runs `patch(module)` right after `name` is first imported. Patching lazily keeps startup fast: importing the
    tagging API's models eagerly pulls in all of EC2 and costs seconds."""

    def __init__(self, name, patch):
        self.name = name
        self.patch = patch

    def find_spec(self, fullname, path=None, target=None):
        if fullname != self.name:
            return None
        sys.meta_path.remove(self)
        spec = importlib.util.find_spec(fullname)
        load = spec.loader.exec_module
        patch = self.patch

        def exec_module(module):
            load(module)
            patch(module)

        spec.loader.exec_module = exec_module
        return spec


def when_imported(name, patch):
    if name in sys.modules:
        patch(sys.modules[name])
    else:
        sys.meta_path.insert(0, AfterImport(name, patch))


def docker_unavailable_error():
    bases = [AttributeError]
    try:
        import docker.errors

        bases.insert(0, docker.errors.DockerException)
    except ImportError:
        pass  # without the docker package moto's Docker paths cannot run anyway; AttributeError alone will do

    class DockerUnavailable(*bases):
        pass

    return DockerUnavailable


def patch_docker_client(module):
    DockerModel = module.DockerModel
    error = docker_unavailable_error()

    def no_docker(_self):
        raise error("Docker is not available to this moto server")

    DockerModel.docker_client = property(no_docker)


def patch_state_machine_deepcopy(module):
    StateMachine = module.StateMachine

    shared = ("backend", "executions")

    def deepcopy_without_backend(self, memo):
        clone = self.__class__.__new__(self.__class__)
        memo[id(self)] = clone
        for key, value in self.__dict__.items():
            setattr(clone, key, value if key in shared else copy.deepcopy(value, memo))
        return clone

    StateMachine.__deepcopy__ = deepcopy_without_backend


def patch_tagging_lambda_backend(tagging):
    from moto.awslambda_simple.models import lambda_simple_backends

    tagging.lambda_backends = lambda_simple_backends


def apply_config():
    from moto.core.config import default_user_config

    default_user_config["lambda"] = {"use_docker": False}
    default_user_config["stepfunctions"] = {"execute_state_machine": True}


def exit_when_stdin_closes():
    def watch():
        try:
            while sys.stdin.buffer.read(1024):
                pass
        finally:
            os._exit(0)

    threading.Thread(target=watch, daemon=True).start()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    args = parser.parse_args()
    import_moto()
    when_imported("moto.utilities.docker_utilities", patch_docker_client)
    when_imported("moto.stepfunctions.models", patch_state_machine_deepcopy)
    when_imported("moto.resourcegroupstaggingapi.models", patch_tagging_lambda_backend)
    apply_config()
    exit_when_stdin_closes()
    import moto.server

    moto.server.main(["-H", "127.0.0.1", "-p", str(args.port)])


if __name__ == "__main__":
    main()
