# lesson-tui installeren op Windows (README, "Installeren"): uv halen als het er nog niet is,
# lesson-tui installeren uit het .whl-bestand naast dit script (of uit de broncodemap), en een
# snelkoppeling in het Startmenu en op het bureaublad die lesson-tui in Windows Terminal opent.
# Start het met install.cmd (dubbelklikken), of: powershell -ExecutionPolicy Bypass -File install.ps1
$ErrorActionPreference = "Stop"
$here = Split-Path -Parent $MyInvocation.MyCommand.Path

function Find-Uv {
    $cmd = Get-Command uv -ErrorAction SilentlyContinue
    if ($cmd) { return $cmd.Source }
    foreach ($dir in @("$env:USERPROFILE\.local\bin", "$env:USERPROFILE\.cargo\bin", "$env:LOCALAPPDATA\uv\bin")) {
        $candidate = Join-Path $dir "uv.exe"
        if (Test-Path $candidate) { return $candidate }
    }
    return $null
}

$uv = Find-Uv
if (-not $uv) {
    Write-Host "uv wordt gehaald (https://astral.sh/uv) ..."
    powershell -ExecutionPolicy ByPass -c "irm https://astral.sh/uv/install.ps1 | iex"
    $uv = Find-Uv
    if (-not $uv) {
        Write-Host "uv is niet gevonden na de installatie. Open een nieuw venster en start install.cmd opnieuw."
        exit 1
    }
}

# Wat installeren: het nieuwste .whl-bestand naast dit script, anders de broncodemap erboven.
$wheel = Get-ChildItem -Path $here -Filter "lesson_tui-*.whl" -ErrorAction SilentlyContinue |
    Sort-Object LastWriteTime -Descending | Select-Object -First 1
if ($wheel) {
    $source = $wheel.FullName
} else {
    $root = Resolve-Path (Join-Path $here "..\..")
    if (-not (Test-Path (Join-Path $root "pyproject.toml"))) {
        Write-Host "Geen lesson_tui-*.whl naast dit script en geen broncodemap gevonden in $root."
        exit 1
    }
    $source = $root.Path
}
Write-Host "lesson-tui wordt geinstalleerd uit $source ..."
& $uv tool install --force "$source"
if ($LASTEXITCODE -ne 0) {
    Write-Host "De installatie lukte niet (zie hierboven)."
    exit 1
}
& $uv tool update-shell | Out-Null

# Snelkoppelingen: in Windows Terminal (wt) als dat er is, anders lesson-tui zelf.
$tool = Join-Path (& $uv tool dir --bin) "lesson-tui.exe"
$wt = Get-Command wt -ErrorAction SilentlyContinue
$shell = New-Object -ComObject WScript.Shell
$places = @([Environment]::GetFolderPath("Programs"), [Environment]::GetFolderPath("Desktop"))
foreach ($place in $places) {
    $link = $shell.CreateShortcut((Join-Path $place "lesson-tui.lnk"))
    if ($wt) {
        $link.TargetPath = $wt.Source
        $link.Arguments = "`"$tool`""
    } else {
        $link.TargetPath = $tool
    }
    $link.WorkingDirectory = $env:USERPROFILE
    $link.Description = "lesson-tui: een EDI-les in de klas"
    $link.Save()
}
& $tool --version
Write-Host "Klaar. Start lesson-tui met de snelkoppeling, of typ lesson-tui in een nieuw venster."
