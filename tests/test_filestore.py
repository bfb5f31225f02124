"""The flat file store and the stale .pyo rule."""
import pytest

from hostsim.parts.filestore import (
    PYO_MAGIC,
    BadName,
    FileStore,
    FileStoreError,
    NoSpace,
    NoSuchFile,
    StoredFile,
    check_name,
    compile_pyo,
    pyo_source,
    script_to_run,
    store_pyo,
)


def store(capacity=100):
    changes = []
    return FileStore(capacity, on_change=lambda *c: changes.append(c)), changes


@pytest.mark.parametrize("name", ["a", "a.py", "A_b-1.pyo", "x" * 16, "Device.type", ".a"])
def test_good_names(name):
    check_name(name)


@pytest.mark.parametrize("name", ["", "x" * 17, "a/b.py", "/sys/a.py", "a b.py", "\u00e9.py",
                                  ".", "..", 'a".py', "a\\b"])
def test_bad_names(name):
    with pytest.raises(BadName):
        check_name(name)


def test_write_read_delete_and_free():
    fs, changes = store(10)
    fs.write("b.py", b"1234")
    fs.write("a.txt", b"xy", hidden=True)
    assert fs.names() == ["a.txt", "b.py"]
    assert [f.size for f in fs.files()] == [2, 4]
    assert fs.get("a.txt") == StoredFile("a.txt", b"xy", True)
    assert fs.read("b.py") == b"1234" and fs.free() == 4 and fs.used() == 6
    fs.delete("b.py")
    assert not fs.exists("b.py") and fs.free() == 8
    assert changes == [("write", "b.py", 4), ("write", "a.txt", 2), ("delete", "b.py", 0)]


def test_write_replaces_and_counts_the_old_size_as_room():
    fs, _ = store(10)
    fs.write("a", b"x" * 8)
    fs.write("a", b"y" * 10)
    assert fs.read("a") == b"y" * 10 and fs.free() == 0


def test_no_space_leaves_everything_as_it_was():
    fs, changes = store(10)
    fs.write("a", b"old")
    with pytest.raises(NoSpace):
        fs.write("a", b"x" * 11)
    with pytest.raises(NoSpace):
        fs.write("b", b"x" * 8)
    assert fs.read("a") == b"old" and fs.names() == ["a"] and len(changes) == 1


def test_write_replaces_and_a_replaced_file_leaves_room():
    fs, _ = store(capacity=10)
    fs.write("a.py", b"1234")
    assert (fs.free(), fs.room("a.py"), fs.room("b.py")) == (6, 10, 6)
    fs.write("a.py", b"0123456789")
    assert fs.read("a.py") == b"0123456789" and fs.free() == 0


@pytest.mark.parametrize("op", [lambda fs: fs.get("nope"), lambda fs: fs.read("nope"),
                                lambda fs: fs.delete("nope")])
def test_missing_file(op):
    fs, _ = store()
    with pytest.raises(NoSuchFile):
        op(fs)


def test_bad_name_refused_on_write():
    fs, _ = store()
    with pytest.raises(BadName):
        fs.write("a/b", b"1")
    with pytest.raises(BadName):
        fs.write("", b"1")


def test_delete_all():
    fs, changes = store()
    fs.write("a", b"1")
    fs.write("b", b"2")
    fs.delete_all()
    assert fs.names() == [] and fs.free() == 100
    assert changes[-2:] == [("delete", "a", 0), ("delete", "b", 0)]


def test_errors_are_filestore_errors():
    for kind in (BadName, NoSpace, NoSuchFile):
        assert issubclass(kind, FileStoreError)


# -- the stale .pyo trap ----------------------------------------------------


def test_pyo_round_trip():
    assert compile_pyo(b"print 1\r\n") == PYO_MAGIC + b"print 1\r\n"
    assert pyo_source(compile_pyo(b"print 1\r\n")) == b"print 1\r\n"
    with pytest.raises(FileStoreError):
        pyo_source(b"\x99\x4e\x0d\x0a\xff\xff\xff\xffcode")  # a PC-compiled .pyo


def test_first_run_compiles_then_the_stale_pyo_runs_until_deleted():
    fs, _ = store(1000)
    fs.write("x.py", b"old")
    assert script_to_run(fs, "x.py") == ("x.py", True)
    assert not fs.exists("x.pyo")              # not before the interpreter compiled it
    assert store_pyo(fs, "x.py")
    assert pyo_source(fs.read("x.pyo")) == b"old"
    assert script_to_run(fs, "x.py") == ("x.pyo", False)

    fs.delete("x.py")
    fs.write("x.py", b"new")                   # re-uploaded without deleting x.pyo
    run, compiles = script_to_run(fs, "x.py")
    assert (run, compiles) == ("x.pyo", False)
    assert pyo_source(fs.read(run)) == b"old"  # the trap: the old code runs

    fs.delete("x.pyo")
    assert script_to_run(fs, "x.py") == ("x.py", True)
    assert store_pyo(fs, "x.py") and pyo_source(fs.read("x.pyo")) == b"new"


def test_pyo_enabled_directly_just_runs():
    fs, _ = store()
    fs.write("y.pyo", b"\x99\x4e\x0d\x0acode")
    assert script_to_run(fs, "y.pyo") == ("y.pyo", False)
    assert fs.names() == ["y.pyo"]


def test_compiled_pyo_of_a_hidden_script_is_hidden():
    fs, _ = store()
    fs.write("h.py", b"secret", hidden=True)
    assert store_pyo(fs, "h.py")
    assert fs.get("h.pyo").hidden


@pytest.mark.parametrize("name, capacity", [("abcdefghijklm.py", 1000),   # x.pyo would be 17 chars
                                             ("a.py", 14)])                 # no space for a.pyo
def test_no_pyo_when_it_cannot_be_stored(name, capacity):
    fs, _ = store(capacity)
    fs.write(name, b"1234567")
    assert script_to_run(fs, name) == (name, True)
    assert not store_pyo(fs, name)
    assert fs.names() == [name]


@pytest.mark.parametrize("name, error", [("missing.py", NoSuchFile), ("data.txt", FileStoreError)])
def test_script_to_run_refuses(name, error):
    fs, _ = store()
    fs.write("data.txt", b"1")
    with pytest.raises(error):
        script_to_run(fs, name)
