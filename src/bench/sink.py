"""smtp-sink's own running counter, as `smtp-sink -c` writes it (``mesg=N`` among carriage returns).

    sink.py COUNTER_FILE    # prints how many mails the sink has accepted
"""
import os
import re
import sys

MESSAGES = re.compile(rb"mesg=(\d+)")


def accepted(counter_file):
    """How many mails the sink has accepted since it started (0 before its first)."""
    try:
        with open(counter_file, "rb") as f:
            f.seek(max(0, os.fstat(f.fileno()).st_size - 100))
            found = MESSAGES.findall(f.read())
            return int(found[-1]) if found else 0
    except OSError:
        return 0


if __name__ == "__main__":
    print(accepted(sys.argv[1]))
