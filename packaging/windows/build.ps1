# Build the Windows installer of Post Composer: dist\PostComposer-<version>-setup.exe, in one command.
#
#   powershell -ExecutionPolicy Bypass -File packaging\windows\build.ps1
#
# Needs Python 3.11, 64-bit (the "py" launcher finds it; or -Python C:\path\python.exe) and NSIS 3
# (winget install NSIS.NSIS). The app is installed, not editable, into a build environment of its own
# (build\packaging\venv-windows), so the bundle holds what a wheel holds and none of a developer's tools.
#
# Signing (packaging\SIGNING.md): when SIGN_PFX (the path of a .pfx code-signing certificate) and
# SIGN_PFX_PASSWORD are set, signtool signs post-composer.exe, the uninstaller and the setup program.
# Without them the installer is built unsigned.
#
# Not tried: this machine has no Windows. The NSIS script itself is compiled on Linux by
# packaging/check-installer-scripts.
param(
    [string]$Python = "",
    [string]$Out = ""
)
$ErrorActionPreference = "Stop"

$Root = (Resolve-Path "$PSScriptRoot\..\..").Path
Set-Location $Root
if (-not $Out) { $Out = Join-Path $Root "dist" }
$Work = Join-Path $Root "build\packaging\work-windows"
$Venv = Join-Path $Root "build\packaging\venv-windows"
$Icons = Join-Path $Root "build\icons"
$Timestamp = "http://timestamp.digicert.com"  # a signature stays valid after the certificate expires

function Invoke-Checked {
    # Runs a program and stops the build when it fails (PowerShell does not stop for programs' exit codes).
    $program = $args[0]
    $rest = @($args | Select-Object -Skip 1)
    & $program @rest
    if ($LASTEXITCODE -ne 0) { throw "$program failed (exit code $LASTEXITCODE)" }
}

function Find-Makensis {
    $onPath = Get-Command makensis.exe -ErrorAction SilentlyContinue
    if ($onPath) { return $onPath.Source }
    foreach ($dir in @(${env:ProgramFiles(x86)}, $env:ProgramFiles)) {
        if ($dir -and (Test-Path "$dir\NSIS\makensis.exe")) { return "$dir\NSIS\makensis.exe" }
    }
    throw "NSIS is missing: install it (winget install NSIS.NSIS, or choco install nsis) and run this again"
}

function Find-Signtool {
    # signtool comes with the Windows SDK (present on GitHub's Windows runners); the newest x64 one.
    $onPath = Get-Command signtool.exe -ErrorAction SilentlyContinue
    if ($onPath) { return $onPath.Source }
    $found = Get-ChildItem "${env:ProgramFiles(x86)}\Windows Kits\10\bin\*\x64\signtool.exe" -ErrorAction SilentlyContinue |
        Sort-Object FullName | Select-Object -Last 1
    if (-not $found) { throw "SIGN_PFX is set but signtool.exe is missing: install the Windows SDK" }
    return $found.FullName
}

$Makensis = Find-Makensis
$Sign = [bool]($env:SIGN_PFX -and $env:SIGN_PFX_PASSWORD)
$SignTool = Join-Path $Work "sign.cmd"
if ($Sign) {
    # One small program signs a file (its argument), for this script and for makensis (SIGN_TOOL): the
    # password stays in the environment, out of every command line and log.
    $env:SIGNTOOL_EXE = Find-Signtool
    New-Item -ItemType Directory -Force -Path $Work | Out-Null
    Set-Content -Encoding ASCII -Path $SignTool -Value @(
        ('@"%SIGNTOOL_EXE%" sign /f "%SIGN_PFX%" /p "%SIGN_PFX_PASSWORD%" /fd SHA256 ' +
         "/tr $Timestamp /td SHA256 %1"),
        "@exit /b %ERRORLEVEL%")  # a batch file passes on its last program's exit code only when told
}

if (-not (Test-Path "$Venv\Scripts\python.exe")) {
    if ($Python) { Invoke-Checked $Python -m venv $Venv } else { Invoke-Checked py -3.11 -m venv $Venv }
}
$Py = "$Venv\Scripts\python.exe"
Invoke-Checked $Py -m pip install -q --disable-pip-version-check "pyinstaller>=6.10,<7" .
# the app itself again, so that changes since the last build count (the version number may be the same)
Invoke-Checked $Py -m pip install -q --disable-pip-version-check --no-deps --force-reinstall .
$Version = (& $Py -c "import composer; print(composer.__version__)").Trim()

Invoke-Checked $Py packaging\icons\make_icons.py $Icons
$env:POST_COMPOSER_ICONS = $Icons  # the spec takes post-composer.ico for the .exe from here
Invoke-Checked "$Venv\Scripts\pyinstaller.exe" --noconfirm --log-level WARN `
    --distpath "$Work\dist" --workpath "$Work\pyinstaller" packaging\post-composer.spec
$Bundle = "$Work\dist\post-composer"

New-Item -ItemType Directory -Force -Path $Out | Out-Null
$Setup = Join-Path $Out "PostComposer-$Version-setup.exe"
$Defines = @("/DBUNDLE=$Bundle", "/DVERSION=$Version", "/DOUTFILE=$Setup", "/DICONS=$Icons")
if ($Sign) {
    Invoke-Checked $SignTool "$Bundle\post-composer.exe"
    $Defines += "/DSIGN_TOOL=$SignTool"  # makensis signs the uninstaller it writes, then the setup program
}
Invoke-Checked $Makensis /WX /V2 @Defines packaging\windows\post-composer.nsi
if ($Sign) { Invoke-Checked $env:SIGNTOOL_EXE verify /pa "$Setup" }
Write-Host "build.ps1: $Setup$(if (-not $Sign) { ' (not signed)' })"
