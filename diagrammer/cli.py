"""Command line entry point: ``diagrammer [FILE]`` opens the editor; subcommands work headless.

Every subcommand keeps one contract (:mod:`diagrammer.commands.contract`): a failure is one line on
stderr starting ``diagrammer: `` and exit status 2, never a traceback. A wrong option or command
gets argparse's usage line and status 2. Commands other than the editor, image export and the
report never import Qt.
"""

from __future__ import annotations

import argparse
import sys
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

COMMANDS = ("classify", "export", "layout", "report")
USAGE = "diagrammer [-h] [--version] [FILE | COMMAND ...]"


def build_parser() -> argparse.ArgumentParser:
    from diagrammer.io import formats

    parser = argparse.ArgumentParser(
        prog="diagrammer",
        usage=USAGE,
        description="Draw agents and optimizers; see subagents and mesa-optimizers labelled. "
        "With a FILE (.json or .dot) or nothing, open the editor.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {_version()}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    classify = sub.add_parser("classify", help="print every node's labels and every problem")
    classify.add_argument("file", metavar="FILE")
    classify.add_argument("--json", action="store_true", help="print the exact JSON shape of format.md")
    export = sub.add_parser("export", help="write a picture (png, svg, pdf), DOT or native JSON")
    export.add_argument("file", metavar="FILE")
    export.add_argument("-o", "--output", required=True, metavar="OUT")
    export.add_argument("--format", choices=formats.names(writable=True),
                        help="the output format (default: from OUT's extension)")
    export.add_argument("--scale", type=float, default=2.0, help="PNG pixels per diagram unit (default 2)")
    export.add_argument("--transparent", action="store_true", help="PNG with a transparent background")
    export.add_argument("--no-legend", action="store_true", help="leave out the legend of the labels")
    layout = sub.add_parser("layout", help="lay the diagram out automatically and save it")
    layout.add_argument("file", metavar="FILE")
    layout.add_argument("-o", "--output", required=True, metavar="OUT")
    layout.add_argument("--engine", choices=("auto", "dot", "builtin"), default="auto",
                        help="Graphviz dot, the built-in nested layout, or auto "
                        "(dot when present and the diagram is small)")
    report = sub.add_parser("report", help="write the picture, every label with its explanation and every "
                            "problem as HTML or Markdown")
    report.add_argument("file", metavar="FILE")
    report.add_argument("-o", "--output", required=True, metavar="OUT", help="OUT.html or OUT.md")
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] not in COMMANDS and not argv[0].startswith("-") or not argv:
        return _open_editor(argv)
    args = build_parser().parse_args(argv)
    if args.command is None:  # options only, such as "diagrammer --"
        return _open_editor([])
    return _run(args)


def _run(args: argparse.Namespace) -> int:
    if args.command == "classify":
        from diagrammer.commands.classify import run_classify

        return run_classify(args.file, as_json=args.json)
    if args.command == "export":
        from diagrammer.commands.export import run_export

        return run_export(args.file, args.output, args.format, args.scale, args.transparent, not args.no_legend)
    if args.command == "layout":
        from diagrammer.commands.layout import run_layout

        return run_layout(args.file, args.output, engine=args.engine)
    return _run_report(args.file, args.output)


def _run_report(path: str, out: str) -> int:
    """``diagrammer report``, through the same contract as the commands of this package."""
    from diagrammer.commands.contract import CommandError, guarded

    def step() -> int:
        try:
            from diagrammer.commands.report import run_report
        except ModuleNotFoundError as exc:
            if exc.name != "diagrammer.commands.report":
                raise
            raise CommandError("Reports cannot be made: this installation lacks the report module.") from None
        return run_report(Path(path), Path(out))

    return guarded(step, f'Cannot make a report of "{path}"')


def _open_editor(argv: list[str]) -> int:
    editor = argparse.ArgumentParser(prog="diagrammer", usage=USAGE, description="Open the Diagrammer editor.")
    editor.add_argument("file", nargs="?", metavar="FILE", help="a .json or .dot diagram to open")
    args = editor.parse_args(argv)
    from diagrammer.ui.app import run_editor

    return run_editor(args.file, [])


def _version() -> str:
    try:
        return version("diagrammer")
    except PackageNotFoundError:  # run from a source tree that was never installed
        from diagrammer import __version__

        return __version__


if __name__ == "__main__":
    sys.exit(main())
