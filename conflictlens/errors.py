"""Errors with codes and messages that say what to do (one place for all of them)."""

from __future__ import annotations


class ConflictLensError(Exception):
    """Base class: ``code`` is stable, ``str(err)`` is one line for a human."""

    code = "E000"

    def __init__(self, message: str):
        super().__init__(f"[{self.code}] {message}")


class InputError(ConflictLensError):
    """An input file or record could not be read; the batch goes on without it."""

    code = "E100"

    def __init__(self, source: str, problem: str):
        self.source = source
        self.problem = problem
        super().__init__(f"{source}: {problem}")


class StageError(ConflictLensError):
    code = "E200"

    def __init__(self, stage: str, problem: str):
        super().__init__(f"stage {stage!r}: {problem}")


class OverBudget(StageError):
    """An article took longer than its time budget; it is skipped."""

    code = "E202"


class PipelineConfigError(ConflictLensError):
    code = "E201"


class StoreError(ConflictLensError):
    code = "E300"
    per_record = False  # True: only this record was refused; the database is fine and the batch goes on


class RecordRejected(StoreError):
    """The database refused one article's rows (a value it cannot hold); nothing of it was written."""

    code = "E301"
    per_record = True


class DatabaseBusy(StoreError):
    """Another process held the database's write lock for longer than a writer waits."""

    code = "E302"


class SettingsError(ConflictLensError):
    code = "E400"


class KnowledgeError(ConflictLensError):
    code = "E500"
