"""The command line's subcommands, one module each; none of them imports Qt."""
