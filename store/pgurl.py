"""Where a postgresql:// URL points: one reading for the event store and the read models' file.

libpq's URL form may carry connection parameters in its query string; a server reached through
a Unix socket is written `postgresql://user@/db?host=/socket/folder` (the folder that holds
`.s.PGSQL.PORT`), as embedded servers hand it out. Of those parameters `host` and `port` are
honoured and win over the ones before the path, as in libpq. Any other would need a setting the
store does not pass on; ignoring it would be silent (an `sslmode` that never applies), so it
is named as the URL's problem instead.
"""
from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import parse_qsl, unquote, urlsplit

QUERY_PARAMETERS = ("host", "port")
BAD_PORT = "its port is not a number from 1 to 65535"


@dataclass(frozen=True)
class Server:
    host: str | None       # a name, an address, or a socket folder (starts with /); None: not given
    port: int | None
    dbname: str | None
    user: str | None
    password: str | None
    problem: str | None    # one sentence when the URL cannot be used as given


def server(url: str) -> Server:
    parts = urlsplit(url)
    problems: list[str] = []
    try:
        port = parts.port
    except ValueError:
        port = 0
    if port == 0:
        port = None
        problems.append(BAD_PORT)
    host = unquote(parts.hostname) if parts.hostname else None
    seen: set[str] = set()
    for key, value in parse_qsl(parts.query, keep_blank_values=True):
        if key not in QUERY_PARAMETERS:
            problems.append(f"the parameter {key!r} is not supported (only host and port)")
        elif key in seen:
            problems.append(f"the parameter {key!r} is given twice")
        elif key == "host":
            host = value or None
        elif value.isascii() and value.isdigit() and 0 < int(value) < 65536:
            port = int(value)
        else:
            problems.append(BAD_PORT)
        seen.add(key)
    return Server(host=host, port=port, dbname=unquote(parts.path.lstrip("/")) or None,
                  user=unquote(parts.username) if parts.username else None,
                  password=unquote(parts.password) if parts.password is not None else None,
                  problem="; ".join(problems) or None)
