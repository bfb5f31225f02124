"""onboard/journal.py: two checksummed slots survive a halt at any byte.

Run against a plain in-memory opener (fast, exhaustive) and against the
emulated module's flat file store through the ``telit`` fixture."""
import os
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st

ONBOARD = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "onboard")
if ONBOARD not in sys.path:
    sys.path.insert(0, ONBOARD)

import journal  # noqa: E402  (onboard/journal.py on the host)

SLOT0, SLOT1 = "fotajrn0.dat", "fotajrn1.dat"


class FakeFile:
    def __init__(self, store, name, mode):
        if mode[0] == "r" and name not in store.files:
            raise OSError(2, "No such file: " + name)
        store.opened.append((name, mode))
        self.store, self.name, self.mode, self.pos = store, name, mode, 0
        self.data = "" if mode[0] == "w" else store.files.get(name, "")

    def read(self, size=-1):
        end = len(self.data) if size < 0 else self.pos + size
        chunk = self.data[self.pos:end]
        self.pos += len(chunk)
        return chunk

    def write(self, text):
        if self.store.fail_write:
            raise OSError(28, "No space left")
        self.data += text

    def close(self):
        if self.mode[0] != "r":
            self.store.files[self.name] = self.data


class FakeStore:
    """A flat store of str files; ``open`` is the opener."""

    def __init__(self):
        self.files = {}
        self.opened = []
        self.fail_write = False

    def open(self, name, mode="r"):
        return FakeFile(self, name, mode)


@pytest.fixture
def store():
    return FakeStore()


def reference_checksum(text):
    h = 0
    for c in text:
        h = (h * 256 + ord(c)) % 8388593
    return h


def slot_text(seq, state):
    body = "FOTAJ %d\n" % seq + "".join("%s=%s\n" % kv for kv in sorted(state.items())) + "END "
    return body + "%d\n" % reference_checksum(body)


def fresh(store):
    j = journal.Journal(opener=store.open)
    return j, j.load()


# -- format and round trip -------------------------------------------------------


def test_the_slot_format(store):
    j, state = fresh(store)
    assert state == {} and j.seq == 0
    assert j.save({"phase": "idle", "fw": "10.00.003"}) == 1
    assert store.files == {SLOT0: slot_text(1, {"phase": "idle", "fw": "10.00.003"})}
    assert store.files[SLOT0].startswith("FOTAJ 1\nfw=10.00.003\nphase=idle\nEND ")


def test_the_checksum_stays_within_31_bits():
    p = journal.PRIME
    assert all(p % d for d in range(2, int(p ** 0.5) + 1))       # a prime
    assert (p - 1) * 256 + 255 < 2 ** 31
    assert journal.checksum("") == 0
    assert journal.checksum("\xff" * 500) == reference_checksum("\xff" * 500)


def test_round_trip(store):
    state = {"phase": "download", "outcome": "", "+CMEE": "2", "#USERID": '"user"'}
    j, _ = fresh(store)
    j.save(state)
    again, loaded = fresh(store)
    assert loaded == state and again.seq == 1


def test_values_with_equals_signs_and_spaces_round_trip(store):
    state = {"a": "x=y=z", "b": " lead and trail ", "c": "", "d": "=", "e": "+CNMI: 1,1,0,0,0",
             "f": "\t# not a comment"}
    j, _ = fresh(store)
    j.save(state)
    assert fresh(store)[1] == state


KEYS = st.text(st.characters(min_codepoint=32, max_codepoint=126, blacklist_characters="="),
               min_size=1, max_size=12)
VALUES = st.text(st.characters(min_codepoint=0, max_codepoint=255, blacklist_characters="\r\n"),
                 max_size=30)


@given(st.dictionaries(KEYS, VALUES, max_size=8))
def test_any_state_round_trips(state):
    store = FakeStore()
    j, _ = fresh(store)
    j.save({"old": "state"})
    j.save(state)
    again, loaded = fresh(store)
    assert loaded == state and again.seq == 2


@given(st.lists(st.dictionaries(KEYS, VALUES, max_size=8), min_size=1, max_size=6),
       st.lists(st.tuples(KEYS, VALUES), max_size=12))
def test_a_save_that_reuses_lines_writes_what_a_fresh_save_writes(states, changes):
    """The checksum of the lines an earlier save had is reused; the slot is the same."""
    store = FakeStore()
    j, _ = fresh(store)
    state: dict = {}
    for seq, base in enumerate(states, 1):
        state.update(base)
        j.save(state)
        assert store.files[(SLOT0, SLOT1)[(seq + 1) % 2]] == slot_text(seq, state)
    for seq, (key, value) in enumerate(changes, len(states) + 1):
        state[key] = value      # one line changes, as the agent's put() does
        j.save(state)
        assert store.files[(SLOT0, SLOT1)[(seq + 1) % 2]] == slot_text(seq, state)


def test_a_refused_save_leaves_the_reused_lines_right(store):
    j, _ = fresh(store)
    j.save({"a": "1", "b": "2"})
    with pytest.raises(ValueError):
        j.save({"a": "1", "b": "2", "c": "x\ny"})
    j.save({"a": "1", "b": "3"})
    assert store.files[SLOT1] == slot_text(2, {"a": "1", "b": "3"})


def test_load_returns_a_new_dict_each_time(store):
    j, _ = fresh(store)
    j.save({"a": "1"})
    first = j.load()
    first["a"] = "changed"
    assert j.load() == {"a": "1"}


# -- slots and sequence ------------------------------------------------------------


def test_saves_alternate_between_the_slots(store):
    j, _ = fresh(store)
    for seq in range(1, 7):
        assert j.save({"n": str(seq)}) == seq
        written = SLOT0 if seq % 2 else SLOT1
        assert store.opened[-1] == (written, "w")
        assert store.files[written] == slot_text(seq, {"n": str(seq)})
    assert fresh(store)[1] == {"n": "6"}


def test_a_save_writes_the_slot_not_holding_the_newest_state(store):
    store.files[SLOT1] = slot_text(7, {"n": "7"})
    store.files[SLOT0] = slot_text(6, {"n": "6"})
    j = journal.Journal(opener=store.open)
    assert j.save({"n": "8"}) == 8                     # loads first, without being asked
    assert store.files[SLOT1] == slot_text(7, {"n": "7"})
    assert store.files[SLOT0] == slot_text(8, {"n": "8"})


def test_a_save_after_a_bad_newer_slot_overwrites_the_bad_one(store):
    store.files[SLOT0] = slot_text(3, {"n": "3"})
    store.files[SLOT1] = slot_text(4, {"n": "4"})[:-2]
    j, state = fresh(store)
    assert state == {"n": "3"} and j.seq == 3
    assert j.save({"n": "4b"}) == 4
    assert store.files[SLOT0] == slot_text(3, {"n": "3"})
    assert fresh(store)[1] == {"n": "4b"}


def test_the_sequence_keeps_growing_over_restarts(store):
    for boot in range(1, 12):
        j, state = fresh(store)
        assert j.seq == boot - 1
        assert j.save({"boot": str(boot)}) == boot


def test_the_highest_sequence_wins_whatever_the_slot(store):
    store.files[SLOT0] = slot_text(41, {"n": "41"})
    store.files[SLOT1] = slot_text(40, {"n": "40"})
    j, state = fresh(store)
    assert state == {"n": "41"} and j.seq == 41 and j.slot == 0


def test_missing_slots_give_an_empty_state(store):
    j, state = fresh(store)
    assert state == {} and j.seq == 0
    assert store.files == {}


@pytest.mark.parametrize("bad0, bad1", [
    ("", ""),
    ("garbage", "\x00" * 40),
    (slot_text(5, {"a": "1"})[:-1], slot_text(6, {"a": "2"}).replace("a=2", "a=3")),
    ("FOTAJ 0\nEND %d\n" % reference_checksum("FOTAJ 0\nEND "), "FOTAJ 1\nEND 12345678901234567890\n"),
    ("FOTAJ 99999999999999999999\nEND 1\n", "FOTAJ -1\nEND 1\n"),
    ("x" * 20000, slot_text(2, {"a": "1"}) + "tail"),
])
def test_both_slots_bad_give_an_empty_state(store, bad0, bad1):
    store.files[SLOT0], store.files[SLOT1] = bad0, bad1
    j, state = fresh(store)
    assert state == {} and j.seq == 0
    assert j.save({"a": "new"}) == 1
    assert fresh(store)[1] == {"a": "new"}


def test_a_slot_with_a_line_without_a_key_is_refused(store):
    body = "FOTAJ 1\n=x\nEND "
    store.files[SLOT0] = body + "%d\n" % reference_checksum(body)
    assert fresh(store)[1] == {}


# -- power loss and corruption ---------------------------------------------------------


def two_states(store):
    j, _ = fresh(store)
    j.save({"phase": "idle", "fw": "1"})                             # slot 0, seq 1
    j.save({"phase": "snapshot", "+CMEE": "2", "note": "a=b c"})    # slot 1, seq 2
    return store.files[SLOT0], store.files[SLOT1]


def test_a_slot_truncated_at_every_byte_gives_the_older_state(store):
    old, new = two_states(store)
    for n in range(len(new)):
        store.files[SLOT1] = new[:n]
        j, state = fresh(store)
        assert (state, j.seq) == ({"phase": "idle", "fw": "1"}, 1), n


def test_a_save_halted_at_every_byte_keeps_the_previous_state(store):
    """The third save rewrites slot 0 (seq 1): any prefix of it leaves seq 2."""
    two_states(store)
    store_before = dict(store.files)
    j, _ = fresh(store)
    j.save({"phase": "restored", "outcome": "ok"})
    third = store.files[SLOT0]
    for n in range(len(third)):
        store.files = dict(store_before)
        store.files[SLOT0] = third[:n]
        k, state = fresh(store)
        assert k.seq == 2 and state["phase"] == "snapshot", n
        store.files[SLOT0] = third[:n] + store_before[SLOT0][n:]    # overwritten in place
        k, state = fresh(store)
        assert k.seq == 2 and state["phase"] == "snapshot", n


def test_any_single_corrupted_byte_gives_the_older_state(store):
    old, new = two_states(store)
    for n in range(len(new)):
        for value in range(256):
            if chr(value) == new[n]:
                continue
            store.files[SLOT1] = new[:n] + chr(value) + new[n + 1:]
            j, state = fresh(store)
            assert j.seq == 1 and state == {"phase": "idle", "fw": "1"}, (n, value)


def test_extra_bytes_after_a_slot_make_it_invalid(store):
    old, new = two_states(store)
    for tail in ("\n", "x", "END 1\n", new):
        store.files[SLOT1] = new + tail
        assert fresh(store)[0].seq == 1


# -- refused input -----------------------------------------------------------------------


@pytest.mark.parametrize("key", ["a=b", "line\nbreak", "cr\r", "=", ""])
def test_bad_keys_are_refused_naming_the_key(store, key):
    j, _ = fresh(store)
    j.save({"ok": "1"})
    with pytest.raises(ValueError) as info:
        j.save({"ok": "2", key: "x"})
    assert repr(key) in str(info.value)
    assert fresh(store)[1] == {"ok": "1"} and j.seq == 1


@pytest.mark.parametrize("value", ["two\nlines", "cr\rhere", "\n"])
def test_values_with_line_breaks_are_refused(store, value):
    j, _ = fresh(store)
    with pytest.raises(ValueError) as info:
        j.save({"the_key": value})
    assert "the_key" in str(info.value)
    assert store.files == {}


def test_a_state_too_large_is_refused(store):
    j, _ = fresh(store)
    with pytest.raises(ValueError):
        j.save({"big": "x" * journal.LIMIT})
    assert store.files == {}


def test_a_failed_write_keeps_the_state_and_the_slot(store):
    j, _ = fresh(store)
    j.save({"n": "1"})
    j.save({"n": "2"})
    store.fail_write = True
    with pytest.raises(IOError):
        j.save({"n": "3"})
    store.fail_write = False
    assert j.seq == 2 and fresh(store)[1] == {"n": "2"}
    assert j.save({"n": "3"}) == 3
    assert store.opened[-1] == (SLOT0, "w")
    assert store.files[SLOT1] == slot_text(2, {"n": "2"})


def test_slot_names_fit_the_module_store():
    j = journal.Journal()
    assert j.names == (SLOT0, SLOT1)
    assert all(len(n) <= 16 for n in journal.Journal("abcdefghijk").names)


# -- on the emulated module -------------------------------------------------------------


@pytest.fixture
def onboard_journal(telit):
    telit.load("compat")
    return telit.load("journal")


def test_on_the_module_round_trip_and_alternation(telit, onboard_journal):
    j = onboard_journal.Journal()
    assert j.load() == {} and j.seq == 0
    assert j.save({"phase": "idle"}) == 1
    assert j.save({"phase": "snapshot", "note": "x = y"}) == 2
    assert telit.file(SLOT0) == slot_text(1, {"phase": "idle"}).encode()
    assert telit.file(SLOT1) == slot_text(2, {"phase": "snapshot", "note": "x = y"}).encode()
    again = onboard_journal.Journal()
    assert again.load() == {"phase": "snapshot", "note": "x = y"} and again.seq == 2


def test_on_the_module_a_half_written_slot_gives_the_older_state(telit, onboard_journal):
    j = onboard_journal.Journal()
    j.save({"phase": "idle"})
    j.save({"phase": "download"})
    new = telit.file(SLOT1)
    for n in range(len(new)):
        telit.module.files.write(SLOT1, new[:n])
        k = onboard_journal.Journal()
        assert k.load() == {"phase": "idle"} and k.seq == 1, n
    telit.module.files.write(SLOT1, new[:10] + b"\xff" + new[11:])
    k = onboard_journal.Journal()
    assert k.load() == {"phase": "idle"}
    assert k.save({"phase": "again"}) == 2
    assert telit.file(SLOT0) == slot_text(1, {"phase": "idle"}).encode()
    assert onboard_journal.Journal().load() == {"phase": "again"}


def test_on_the_module_garbage_in_both_slots(telit, onboard_journal):
    telit.module.files.write(SLOT0, b"\x00\xff garbage")
    telit.module.files.write(SLOT1, b"FOTAJ 3\nphase=x\nEND 1\n")
    j = onboard_journal.Journal()
    assert j.load() == {} and j.seq == 0
    assert j.save({"a": "b"}) == 1


def test_on_the_module_with_another_name(telit, onboard_journal):
    j = onboard_journal.Journal("appstate")
    j.save({"k": "v"})
    assert telit.file("appstate0.dat").startswith(b"FOTAJ 1\nk=v\nEND ")
