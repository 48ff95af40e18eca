"""The core CLI commands; feature packages keep theirs beside them (web/, nativehost/, demo/)."""
