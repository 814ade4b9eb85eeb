"""Command line entry point: ``diagrammer [FILE]`` opens the editor; subcommands work headless.

Every subcommand turns an unreadable input into one line on stderr and exit status 2; no
traceback ever reaches a user. Commands other than the editor and image export never import Qt.
"""

from __future__ import annotations

import argparse
import sys

COMMANDS = ("classify", "export", "layout")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="diagrammer",
        description="Draw agents and optimizers; see subagents and mesa-optimizers labelled.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    classify = sub.add_parser("classify", help="print every node's labels and every problem")
    classify.add_argument("file", metavar="FILE")
    classify.add_argument("--json", action="store_true", help="print the exact JSON shape of format.md")
    export = sub.add_parser("export", help="write a picture (png, svg, pdf), DOT or native JSON")
    export.add_argument("file", metavar="FILE")
    export.add_argument("-o", "--output", required=True, metavar="OUT")
    export.add_argument("--format", choices=("png", "svg", "pdf", "dot", "json"),
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
    return parser


def main(argv: list[str] | None = None) -> int:
    as_program = argv is None  # the command line itself, not a call with arguments in-process
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0] not in COMMANDS and argv[0] not in ("-h", "--help"):
        return _open_editor(argv)
    args = build_parser().parse_args(argv)
    try:
        if args.command == "classify":
            from diagrammer.commands.classify import run_classify

            # As the program, the command ends the process itself once its output is written.
            return run_classify(args.file, as_json=args.json, end_process=as_program)
        if args.command == "export":
            from diagrammer.commands.export import run_export

            return run_export(args.file, args.output, args.format, args.scale, args.transparent,
                              not args.no_legend)
        if args.command == "layout":
            from diagrammer.commands.layout import run_layout

            return run_layout(args.file, args.output, engine=args.engine)
    except KeyboardInterrupt:
        return 130
    return 2


def _open_editor(argv: list[str]) -> int:
    editor = argparse.ArgumentParser(prog="diagrammer", description="Open the Diagrammer editor.")
    editor.add_argument("file", nargs="?", metavar="FILE", help="a .json or .dot diagram to open")
    args, qt_args = editor.parse_known_args(argv)
    from diagrammer.ui.app import run_editor

    return run_editor(args.file, qt_args)


if __name__ == "__main__":
    sys.exit(main())
