import ArgumentParser

/// The what-if flags `why-not` and `gate` share: `--assume KEY=VALUE...` and `--at TIME`.
struct WhatIfOptions: ParsableArguments {
    @Option(
        name: .long,
        parsing: .upToNextOption,
        help: ArgumentHelp("Decide as if a reading were KEY=VALUE (repeatable).", valueName: "KEY=VALUE")
    )
    var assume: [String] = []

    @Option(
        name: .long,
        help: ArgumentHelp("Decide at this time instead of now: HH:MM or ISO 8601.", valueName: "TIME")
    )
    var at: String?
}
