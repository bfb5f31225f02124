import pytest

from hostsim.core.clock import Clock, RealTimeDriver


def test_events_run_in_time_then_scheduling_order():
    clock, seen = Clock(), []
    clock.call_at(30, seen.append, "c")
    clock.call_at(10, seen.append, "a1")
    clock.call_at(10, seen.append, "a2")
    clock.call_later(20, seen.append, "b")
    clock.run_until(25)
    assert seen == ["a1", "a2", "b"] and clock.now == 25
    clock.advance(5)
    assert seen[-1] == "c" and clock.now == 30


def test_cancelled_timer_never_runs_and_events_may_schedule_events():
    clock, seen = Clock(), []
    timer = clock.call_later(5, seen.append, "x")
    timer.cancel()
    clock.call_later(1, lambda: clock.call_later(1, seen.append, "nested"))
    clock.advance(10)
    assert seen == ["nested"]
    assert clock.next_time() is None


def test_past_times_run_now_and_negative_delay_is_refused():
    clock, seen = Clock(), []
    clock.advance(100)
    clock.call_at(5, seen.append, "late")
    clock.run_until(100)
    assert seen == ["late"]
    with pytest.raises(ValueError):
        clock.call_later(-1, seen.append, "never")


def test_run_until_true_stops_at_condition_or_deadline():
    clock, box = Clock(), []
    clock.call_later(50, box.append, 1)
    assert clock.run_until_true(lambda: box, 1000) and clock.now == 50
    assert not clock.run_until_true(lambda: len(box) > 1, 200)
    assert clock.now == 250


def test_skip_to_moves_the_clock_forward_only_and_runs_nothing():
    clock, box = Clock(), []
    clock.call_later(500, box.append, 1)
    assert not clock.run_next(300)
    clock.skip_to(300)
    assert clock.now == 300 and not box
    clock.skip_to(100)
    assert clock.now == 300
    clock.run_until(500)
    assert box == [1]


def test_real_time_driver_maps_wall_time_with_speed():
    wall = [100.0]
    clock, seen = Clock(), []
    driver = RealTimeDriver(clock, speed=10, monotonic=lambda: wall[0])
    clock.call_later(5000, seen.append, "five virtual seconds")
    assert driver.step() == pytest.approx(0.5)
    wall[0] += 0.5
    assert driver.step() is None
    assert seen and clock.now == 5000
    with pytest.raises(ValueError):
        RealTimeDriver(clock, speed=0)
