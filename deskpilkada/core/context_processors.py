"""Template context every page needs: the exercise clock banner and the current election day label."""

from . import clock


def desk_clock(request):
    return {
        "exercise_date": clock.exercise_date() if clock.is_simulated() else None,
        "clock_now": clock.now(),
    }
