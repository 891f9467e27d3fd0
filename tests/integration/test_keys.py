"""The master key file: made 0600 whatever the umask, never overwritten, read strictly."""
import os
import stat

import pytest

from store import keys


def test_a_new_key_is_64_hex_characters_and_a_newline_mode_0600_under_umask_000(tmp_path):
    old = os.umask(0)
    try:
        made = keys.write_new(tmp_path / "k")
    finally:
        os.umask(old)
    text = (tmp_path / "k").read_text()
    assert len(text) == 65 and text.endswith("\n") and bytes.fromhex(text[:64]) == made.raw
    assert stat.S_IMODE(os.stat(tmp_path / "k").st_mode) == 0o600


def test_two_new_keys_differ(tmp_path):
    assert keys.write_new(tmp_path / "a").raw != keys.write_new(tmp_path / "b").raw


def test_an_existing_file_is_never_overwritten(tmp_path):
    (tmp_path / "k").write_text("mine\n")
    with pytest.raises(keys.KeyProblem, match="already exists"):
        keys.write_new(tmp_path / "k")
    assert (tmp_path / "k").read_text() == "mine\n"


@pytest.mark.parametrize("text", ["", "ab" * 31 + "\n", "ab" * 32 + "\n\n", "g" * 64, " " + "ab" * 32,
                                  "\xff" * 64])
def test_a_file_that_is_not_a_key_is_refused(tmp_path, text):
    (tmp_path / "k").write_text(text, encoding="latin-1")
    with pytest.raises(keys.KeyProblem, match="not a key file"):
        keys.read(tmp_path / "k")


def test_a_missing_key_file_names_it(tmp_path):
    with pytest.raises(keys.KeyProblem, match=f"{tmp_path / 'nokey'} does not exist"):
        keys.read(tmp_path / "nokey")


def test_the_default_key_is_made_once_in_the_per_user_place(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    monkeypatch.delenv(keys.KEY_ENV, raising=False)
    with pytest.raises(keys.KeyProblem):
        keys.find()  # reading never creates it
    first, created = keys.find(create=True)
    again, created_again = keys.find(create=True)
    assert (created, created_again) == (True, False) and first == again
    assert first.path == str(tmp_path / "nysjanse" / "master.key")


def test_a_named_key_file_is_never_created(tmp_path, monkeypatch):
    monkeypatch.setenv(keys.KEY_ENV, str(tmp_path / "named"))
    with pytest.raises(keys.KeyProblem, match="does not exist"):
        keys.find(create=True)
    assert not (tmp_path / "named").exists()


def test_each_purpose_has_its_own_key_and_sqlcipher_gets_the_raw_one(tmp_path):
    key = keys.write_new(tmp_path / "k")
    derived = {purpose: key.derive(purpose) for purpose in keys.PURPOSES}
    assert len(set(derived.values())) == len(keys.PURPOSES) and key.raw not in derived.values()
    assert key.pragma == f"PRAGMA key = \"x'{(tmp_path / 'k').read_text()[:64].lower()}'\""
    with pytest.raises(ValueError):
        key.derive("other")


def test_derivation_is_rfc_5869_hkdf_sha256(tmp_path):
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.kdf.hkdf import HKDF

    key = keys.write_new(tmp_path / "k")
    expected = HKDF(hashes.SHA256(), 32, salt=b"nysjanse master key", info=b"nysjanse chain").derive(key.raw)
    assert key.derive(keys.CHAIN) == expected


def test_a_key_in_a_folder_the_user_may_not_enter_is_one_sentence(tmp_path, monkeypatch):
    """Another user's per-user folder (0700): stat itself fails with EACCES."""
    import errno
    from pathlib import Path

    def denied(self, *args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied", str(self))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    monkeypatch.delenv(keys.KEY_ENV, raising=False)
    monkeypatch.setattr(Path, "stat", denied)
    for create in (False, True):
        with pytest.raises(keys.KeyProblem, match="cannot read the key file .*: Permission denied"):
            keys.find(create=create)
