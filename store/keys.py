"""The master key: its file, where it is found, and the keys derived from it.

A key file holds 64 hexadecimal characters (256 random bits) and a newline, mode 0600; the
SQLCipher tools open our files with it (`PRAGMA key = "x'<hex>'"`). Each other use of the
master key (finding a participant's entry, wrapping data keys, the log's hash chain, the
store's key check value) gets a key
of its own derived with HKDF-SHA256, so no two uses ever share a key.
"""
from __future__ import annotations

import hashlib
import hmac
import os
import re
import secrets
from dataclasses import dataclass
from pathlib import Path

from domain.messages import Said, Text

from .files import per_user

KEY_ENV = "NYSJANSE_KEY_FILE"
_HEX = re.compile(r"[0-9a-fA-F]{64}\n?")

# The purposes a key is derived for; one name each, so a typo cannot make a second key.
LOOKUP = "lookup"  # the keyed lookup value that finds a participant's entry
WRAP = "wrap"      # wraps each participant's data key
CHAIN = "chain"    # the HMAC hash chain over the stored log
CHECK = "check"    # the store's key check value: which master key the store was made with
PURPOSES = (LOOKUP, WRAP, CHAIN, CHECK)


class KeyProblem(Said):
    """A key file that cannot be made, found or read: one sentence for the user."""


def default_path() -> Path:
    """The per-user place a key is kept when neither --key-file nor NYSJANSE_KEY_FILE names one."""
    return Path(per_user("XDG_CONFIG_HOME", ".config")) / "nysjanse" / "master.key"


@dataclass(frozen=True)
class MasterKey:
    raw: bytes
    path: str

    @property
    def hex(self) -> str:
        return self.raw.hex()

    @property
    def pragma(self) -> str:
        """The statement that opens a SQLCipher database with this raw key."""
        return f"PRAGMA key = \"x'{self.hex}'\""

    def derive(self, purpose: str) -> bytes:
        """A 32-byte key for one purpose: HKDF-SHA256 (RFC 5869), one block of output.

        The standard library's hmac does it in two lines; importing `cryptography` for it would
        cost every command start-up time.
        """
        if purpose not in PURPOSES:
            raise ValueError(f"no key is derived for {purpose!r}")
        prk = hmac.new(b"nysjanse master key", self.raw, hashlib.sha256).digest()
        return hmac.new(prk, b"nysjanse " + purpose.encode() + b"\x01", hashlib.sha256).digest()


def write_new(path: str | os.PathLike) -> MasterKey:
    """Write a new random key to `path` (0600 whatever the umask); never overwrite a file."""
    raw = secrets.token_bytes(32)
    target = Path(path)
    try:
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise KeyProblem("{file} already exists; a key file is never overwritten",
                         file=str(target)) from None
    except OSError as error:
        raise KeyProblem("cannot write the key file {file}: {reason}", file=str(target),
                         reason=_system(error)) from None
    try:
        os.fchmod(fd, 0o600)
        os.write(fd, (raw.hex() + "\n").encode())
    finally:
        os.close(fd)
    return MasterKey(raw, str(target))


def _system(error: OSError) -> Text | str:
    """The system's reason, worded by the catalog where it has it (i18n.click_messages)."""
    return Text(error.strerror) if error.strerror else str(error)


def read(path: str | os.PathLike) -> MasterKey:
    """The key in `path`, or KeyProblem saying what is wrong with the file."""
    target = Path(path)
    try:
        text = target.read_text(encoding="ascii")
    except FileNotFoundError:
        raise KeyProblem("the key file {file} does not exist", file=str(target)) from None
    except (OSError, UnicodeDecodeError) as error:
        reason = _system(error) if getattr(error, "strerror", None) else Text(
            "it is not a key file")
        raise KeyProblem("cannot read the key file {file}: {reason}", file=str(target),
                         reason=reason) from None
    if not _HEX.fullmatch(text):
        raise KeyProblem("{file} is not a key file: it must hold 64 hexadecimal characters",
                         file=str(target))
    return MasterKey(bytes.fromhex(text[:64]), str(target))


def chosen_path(key_file: str | None = None) -> tuple[Path, bool]:
    """The key file to use and whether the user named it (option or environment)."""
    named = key_file or os.environ.get(KEY_ENV)
    if named:
        return Path(named), True
    return default_path(), False


def find(key_file: str | None = None, create: bool = False) -> tuple[MasterKey, bool]:
    """The master key, and whether it was created now.

    Only the per-user default is ever created, and only when `create` (the first write to a
    new store); a key file the user named must exist.
    """
    path, named = chosen_path(key_file)
    try:  # a folder the user may not enter is a key it cannot read, not a traceback
        exists = path.exists()
        if not (exists or named or not create):
            path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError as error:
        raise KeyProblem("cannot read the key file {file}: {reason}", file=str(path),
                         reason=_system(error)) from None
    if exists or named or not create:
        return read(path), False
    try:
        return write_new(path), True
    except KeyProblem:
        if path.exists():  # another process made it a moment ago: use theirs
            return read(path), False
        raise
