from lesson_tui.cli import main

raise SystemExit(main())
