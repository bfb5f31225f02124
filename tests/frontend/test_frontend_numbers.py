"""32-bit integer semantics against a model of 1.5.2's C code (intobject.c):
+ and - overflow outside [-2**31, 2**31-1], * when the product's magnitude
exceeds 2**31-1 (-2**31 only as -2**31 * 1), unary - only for -2**31, << wraps, / and % floor (computed in
32-bit C arithmetic, which differs from floor division only for -2**31).
Under PYTHON15 the model itself is checked against the real interpreter."""
import io
import os
import subprocess

from hypothesis import given, settings
from hypothesis import strategies as st

from hostsim.dialect.frontend import Program
from hostsim.dialect.frontend.runtime.numbers import divmod_32

INT_MIN, INT_MAX = -2 ** 31, 2 ** 31 - 1
OPERATORS = ("+", "-", "*", "/", "%", "<<", ">>", "&", "|", "^")
ints = st.one_of(st.integers(INT_MIN, INT_MAX), st.integers(-70000, 70000),
                 st.sampled_from([0, 1, -1, 2, INT_MIN, INT_MAX, 65536, 46341, -46341]))


def model(a: int, op: str, b: int):
    """What 1.5.2 gives for ``a op b``: an int, or 'overflow' / 'zero'."""
    if op in "/%" and b == 0:
        return "zero"
    if op == "+":
        r = a + b
    elif op == "-":
        r = a - b
    elif op == "*":
        r = a * b
        if abs(r) > INT_MAX and not (r == INT_MIN and INT_MIN in (a, b)):
            return "overflow"
        return r
    elif op == "/":
        return divmod_32(a, b)[0]
    elif op == "%":
        return divmod_32(a, b)[1]
    elif op == "<<":
        r = a << divmod_32(b, 40)[1]
        return ((r - INT_MIN) % 2 ** 32) + INT_MIN
    elif op == ">>":
        return a >> divmod_32(b, 40)[1]
    else:
        return {"&": a & b, "|": a | b, "^": a ^ b}[op]
    return r if INT_MIN <= r <= INT_MAX else "overflow"


def literal(value: int) -> str:
    """Source for an int (1.5.2 has no literal for -2**31)."""
    return "(-2147483647 - 1)" if value == INT_MIN else "(%d)" % value


def program_for(cases) -> str:
    lines = ["def t(f):", "    try:", "        print f()", "    except OverflowError:",
             "        print 'overflow'", "    except ZeroDivisionError:", "        print 'zero'"]
    for a, op, b in cases:
        right = "(b % 40)" if op in ("<<", ">>") else "b"
        lines.append("t(lambda a=%s, b=%s: a %s %s)" % (literal(a), literal(b), op, right))
    return "\n".join(lines) + "\n"


def expected_lines(cases):
    return ["%s" % model(a, op, b) for a, op, b in cases]


def run_front_end(source: str):
    out = io.StringIO()
    Program("python152", stdout=out, stderr=out).run_main(source, "arith.py")
    return out.getvalue().splitlines()


@settings(max_examples=60, deadline=None, database=None)
@given(st.lists(st.tuples(ints, st.sampled_from(OPERATORS), ints), min_size=1, max_size=40))
def test_binary_operators_match_the_model(cases):
    assert run_front_end(program_for(cases)) == expected_lines(cases)


@settings(database=None)
@given(ints)
def test_negation_overflows_only_for_the_smallest_int(a):
    out = run_front_end("x = %s\ntry:\n    print -x\nexcept OverflowError, e:\n    print e\n" % literal(a))
    assert out == (["integer negation"] if a == INT_MIN else [str(-a)])


def test_model_matches_the_reference_interpreter(tmp_path):
    python15 = os.environ.get("PYTHON15")
    if not python15:
        import pytest
        pytest.skip("PYTHON15 names no 1.5 interpreter")
    import random
    rng = random.Random(152)
    pool = [0, 1, -1, 2, -2, INT_MIN, INT_MAX, 65536, 46341, -46341, 46340, 1073741824]
    cases = []
    for _ in range(3000):
        a = rng.choice(pool + [rng.randint(INT_MIN, INT_MAX), rng.randint(-70000, 70000)])
        b = rng.choice(pool + [rng.randint(INT_MIN, INT_MAX), rng.randint(-70000, 70000)])
        cases.append((a, rng.choice(OPERATORS), b))
    script = tmp_path / "model.py"
    script.write_text(program_for(cases))
    result = subprocess.run([python15, str(script)], stdout=subprocess.PIPE)
    assert result.stdout.decode().splitlines() == expected_lines(cases)
