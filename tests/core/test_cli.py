from builders import own_class_file

from lesson_tui.cli.main import main


def test_class_import_and_list(tmp_path, capsys):
    data = tmp_path / "data"
    csv_file = tmp_path / "4a.csv"
    csv_file.write_bytes("Klasnr;Voornaam;Familienaam\r\n1;Noah;Vermeulen\r\n2;Noah;De Smet\r\n3;Zoë;Maes\r\n".encode("cp1252"))
    assert main(["--data-dir", str(data), "class", "import", str(csv_file), "--name", "4A"]) == 0
    out = capsys.readouterr().out
    assert "Klas 4A: 3 leerlingen (3 nieuw" in out and "Noah V., Noah D." in out
    assert main(["--data-dir", str(data), "class", "list"]) == 0
    listing = capsys.readouterr().out.splitlines()
    assert listing[0].startswith("4A") and "3 leerlingen" in listing[0]
    assert "Demo 4A" in listing[1] and "24 leerlingen" in listing[1]


def test_data_dir_from_environment(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("LESSON_TUI_DATA", str(tmp_path / "envdata"))
    csv_file = tmp_path / "l.csv"
    csv_file.write_text("naam\nAya\n", encoding="utf-8")
    assert main(["class", "import", str(csv_file), "--name", "5B"]) == 0
    assert own_class_file(tmp_path / "envdata").exists()


def test_runs_lists_one_line_per_run(store, run, capsys):
    assert main(["--data-dir", str(store.root), "runs"]) == 0
    line = capsys.readouterr().out.strip()
    assert line.startswith(run.run_id) and "Demo 4A" in line and "breuken-vergelijken" in line and "bezig" in line


def test_start_of_a_lesson_whose_file_is_broken_names_the_file(tmp_path, capsys):
    lessons = tmp_path / "lessen"
    lessons.mkdir()
    broken = lessons / "mijn-les.toml"
    broken.write_text('id = "mijn-les"\ntitel = "Mijn les"\nminuten = 7,5\n', encoding="utf-8")
    code = main(["--data-dir", str(tmp_path / "d"), "--lessons", str(lessons), "start", "mijn-les"])
    err = capsys.readouterr().err
    assert code == 1
    assert str(broken) in err and "onbekende les" not in err


def _lesson_with_departures(store, plan, school_class=None):
    """A closed lesson: pupils 1 (self-assessment 3), 2, 4 and 9 in the miniklas; 2 left it
    because he got it and had 2/2 on the exit ticket; 4 left too but had 0/2; 1 and 9 stayed."""
    from builders import lesson_at_sporen

    run_id = lesson_at_sporen(store, plan, school_class=school_class, asks_miniklas=(1,), confirmed=True)
    run = store.open_run(run_id)
    number = {p.number: p.id for p in run.pupils}
    assert set(run.miniklas) == {number[1], number[2], number[4], number[9]}
    run.toggle_miniklas_leave(number[2])
    run.toggle_miniklas_leave(number[4])
    for _ in range(2):
        exit_round = run.open_round("Zet < of >", kind="exit")
        run.mark(exit_round, number[4], "fout")
        run.close_round(exit_round)
    run.close()
    store.update_run_summary(run)
    store.release(run_id)
    return run


def test_next_lesson_leaves_out_who_left_the_miniklas_and_says_each_reason_once(store, plan, capsys):
    run = _lesson_with_departures(store, plan)
    names = {p.number: p.full_name for p in run.pupils}
    assert main(["--data-dir", str(store.root), "next-lesson", "--class", "Demo 4A"]) == 0
    out = capsys.readouterr().out
    lines = {line[2:].split(":", 1)[0]: line for line in out.splitlines() if line.startswith("- ")}
    assert names[2] not in lines  # left because he got it, 2/2
    assert lines[names[4]] == f"- {names[4]}: exit ticket 0/2"  # left, but the exit ticket says otherwise
    assert "zat in de miniklas" in lines[names[9]]
    assert lines[names[1]].count("zelfinschatting 3") == 1, lines[names[1]]
    assert set(lines) == {names[1], names[4], names[9]}


def test_next_lesson_in_the_terminal_is_plain_text(store, plan, capsys):
    from builders import class_of

    klas = class_of(store, "5A & 5B [zorg]", 12)
    _lesson_with_departures(store, plan, school_class=klas)
    assert main(["--data-dir", str(store.root), "next-lesson", "--class", klas.name]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0].startswith("Voor de volgende les - 5A & 5B [zorg] - wiskunde")
    assert "&amp;" not in out and "\\" not in out and "**" not in out
    # Markdown is still there when asked for (to a file or the terminal), escaped as Markdown
    assert main(["--data-dir", str(store.root), "next-lesson", "--class", klas.name, "--format", "md"]) == 0
    assert "&amp;" in capsys.readouterr().out


def test_the_lesson_screens_miniklas_count_follows_departures(store, plan):
    """The JIJ notes' split line (tui/screens/lesson.py) counts who is still in the miniklas."""
    run = _lesson_with_departures(store, plan)
    now = run.sporen_now()
    assert run.still_in_miniklas == [p.id for p in run.pupils if p.number in (1, 9)]
    assert list(now.values()).count(3) == 2 and sum(1 for _ in now) == 24
    run.toggle_miniklas_leave(run.pupils[1].id)  # pupil 2 comes back
    assert len(run.still_in_miniklas) == 3


def test_class_import_summary_names_each_column_once(tmp_path, capsys):
    data = tmp_path / "data"
    bare = tmp_path / "namen.csv"
    bare.write_text("De Smet Noah\nMaes Zoë\nPeeters Arthur\n", encoding="utf-8")
    assert main(["--data-dir", str(data), "class", "import", str(bare), "--name", "4B"]) == 0
    out = capsys.readouterr().out
    assert "kolom 1 gelezen als" in out and "kolom kolom" not in out
    headed = tmp_path / "klas.csv"
    headed.write_text("nr;naam\n1;Noah De Smet\n2;Zoë Maes\n", encoding="utf-8")
    assert main(["--data-dir", str(data), "--lang", "en", "class", "import", str(headed), "--name", "4C"]) == 0
    out = capsys.readouterr().out
    assert "column 'naam' read as" in out and "class number from column 'nr'" in out and "column column" not in out
