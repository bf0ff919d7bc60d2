from shared import GOOD, write


def test_cached_plans_skip_validation_until_the_file_changes(tmp_path):
    import subprocess
    import sys

    folder = tmp_path / "lessen"
    folder.mkdir()
    lesson = write(folder, GOOD)
    cache_file = tmp_path / "cache" / "lessons.json"
    code = (
        "import sys\nfrom pathlib import Path\n"
        "from lesson_tui.plan.lessonplan import LessonCache, LessonLibrary\n"
        "lib = LessonLibrary.scan([Path(sys.argv[1])], LessonCache(Path(sys.argv[2])))\n"
        "print(lib.lessons['test-les'][1].titel, 'pydantic' in sys.modules)\n"
    )

    def scan() -> str:
        args = [sys.executable, "-c", code, str(folder), str(cache_file)]
        return subprocess.run(args, capture_output=True, text=True, check=True).stdout.strip()

    assert scan() == "Test True"  # first start: validated, cached
    assert scan() == "Test False"  # unchanged: no pydantic at all
    lesson.write_text(GOOD.replace('titel = "Test"', 'titel = "Nieuw"'), encoding="utf-8")
    assert scan() == "Nieuw True"
    lesson.write_text(GOOD.replace('titel = "Test"', "titel = "), encoding="utf-8")
    from lesson_tui.plan.lessonplan import LessonCache, LessonLibrary

    broken = LessonLibrary.scan([folder], LessonCache(cache_file))
    assert broken.lessons == {} and broken.errors  # a broken file is never served from the cache
