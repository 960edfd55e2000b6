"""Prints BuildKit's parse of Dockerfiles, for dockfix's differential tests.

The parse comes from PyPI `dockerfile` 3.4.0, which wraps the parser of BuildKit v0.12.5
(see ../shared/BUILDKIT-PARSER.md). The protocol is line based, so one process serves a whole
test:

- The first output line says whether the oracle can run: {"ready": true, "version": "3.4.0"}
  or {"ready": false, "error": "..."}.
- Then each input line on stdin is a path, and each output line is the parse of that file:
  {"ok": true, "instructions": [...]} or {"ok": false, "kind": "GoParseError", "message": "..."}.
"""

import json
import sys


def command_fields(command):
    """The oracle's Command as a plain dict, with dockfix's field names."""
    return {
        "keyword": command.cmd,
        "sub_keyword": command.sub_cmd,
        "json": command.json,
        "start_line": command.start_line,
        "end_line": command.end_line,
        "flags": list(command.flags),
        "args": list(command.value),
        "heredocs": [
            {"name": h.name, "fd": h.file_descriptor, "content": h.content} for h in command.heredocs
        ],
        "original": command.original,
    }


def parse(dockerfile, path):
    try:
        commands = dockerfile.parse_file(path)
    except Exception as err:  # noqa: BLE001 - every failure is data for the test
        return {"ok": False, "kind": type(err).__name__, "message": str(err)}
    return {"ok": True, "instructions": [command_fields(c) for c in commands]}


def main():
    try:
        import dockerfile
        from importlib.metadata import version

        installed = version("dockerfile")
    except Exception as err:  # noqa: BLE001 - reported to the test, which decides
        print(json.dumps({"ready": False, "error": f"{type(err).__name__}: {err}"}), flush=True)
        return 3
    print(json.dumps({"ready": True, "version": installed}), flush=True)
    for line in sys.stdin:
        path = line.rstrip("\n")
        print(json.dumps(parse(dockerfile, path)))
    sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
