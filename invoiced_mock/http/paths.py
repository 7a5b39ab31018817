"""URL paths as the real host reads them. Imports nothing: the guard loads it at every pytest start."""


def merge_slashes(path: str) -> str:
    """``//customers//1`` → ``/customers/1``: the real host treats repeated slashes as one."""
    while "//" in path:
        path = path.replace("//", "/")
    return path
