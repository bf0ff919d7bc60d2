@echo off
rem lesson-tui installeren: dubbelklik dit bestand (het start install.ps1 ernaast).
powershell -NoProfile -ExecutionPolicy Bypass -File "%~dp0install.ps1"
pause
