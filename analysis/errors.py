"""The one error a reader of a results folder should see."""


class ResultsError(Exception):
    """A results file is missing or malformed.

    The message always names the file and what is wrong with it, so that the notebook can print it
    as it is instead of a stack trace from deep inside pandas or zlib.
    """

    def __init__(self, path, problem):
        super().__init__(f"{path}: {problem}")
        self.path = path
        self.problem = problem

    def _render_traceback_(self):
        """What IPython shows instead of a stack trace: the file and its problem are all a reader needs."""
        return [f"ResultsError: {self}"]
