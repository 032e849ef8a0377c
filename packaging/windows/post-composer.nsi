; Post Composer for Windows: a per-user installer (no administrator rights) for the PyInstaller one-folder bundle.
;
;   makensis /DBUNDLE=dist\post-composer /DVERSION=0.2.0 /DOUTFILE=dist\PostComposer-0.2.0-setup.exe ^
;            /DICONS=build\icons packaging\windows\post-composer.nsi
;
; BUNDLE   the folder PyInstaller made (post-composer.exe and _internal\); required
; VERSION  x.y.z; required
; OUTFILE  the setup program to write; default PostComposer-<VERSION>-setup.exe next to this script
; ICONS    a folder holding post-composer.ico (packaging/icons/make_icons.py); without it NSIS's own icon is used
; TARGET   NSIS's target, e.g. amd64-unicode (default x86-unicode, which runs on every Windows and can tell
;          a 32-bit Windows that the app needs 64 bits)
; FAST     any value: store the files uncompressed (packaging/check-installer-scripts only checks the script)
; SIGN_TOOL a program that signs the file given as its one argument (build.ps1 writes one that calls signtool,
;          see packaging/SIGNING.md): the uninstaller and the setup program are signed as makensis writes them
;
; The setup program understands NSIS's usual switches: /S installs silently (IT's deployment tools), /D=<folder>
; (last on the line) installs elsewhere than %LOCALAPPDATA%\Programs\Post Composer.
;
; The user's data folder is %LOCALAPPDATA%\PostComposer (platformdirs; composer/core/storage/paths.py). The
; program folder is %LOCALAPPDATA%\Programs\Post Composer, a different folder; neither this installer nor its
; uninstaller ever touches the data folder (see RemoveProgramFiles: the only recursive delete is of the bundle's own _internal).

!ifdef TARGET
  Target ${TARGET}
!else
  Unicode true
!endif
RequestExecutionLevel user  ; per-user: no UAC prompt, everything goes to the user's own folders and HKCU
ManifestDPIAware true

!ifndef BUNDLE
  !error "Give the PyInstaller bundle folder: /DBUNDLE=<folder>"
!endif
!ifndef VERSION
  !error "Give the version: /DVERSION=<x.y.z>"
!endif
!if ! /FileExists "${BUNDLE}\_internal"
  !error "${BUNDLE} is not a PyInstaller one-folder bundle (no _internal folder in it)"
!endif
!ifndef OUTFILE
  !define OUTFILE "PostComposer-${VERSION}-setup.exe"
!endif
!ifndef ICONS
  !define ICONS "${__FILEDIR__}\..\..\build\icons"  ; where build.ps1 has make_icons.py write them
!endif

!define APP_NAME "Post Composer"
!define APP_ID "be.postcomposer.PostComposer"
!define APP_EXE "post-composer.exe"
!define PUBLISHER "Post Composer team"
!define HOMEPAGE "https://postcomposer.be/"
!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\${APP_ID}"
; The data folders this installer must never touch: the app's (composer/core/storage/paths.py: APP_NAME), and
; the display name's, which a person or a later version might use.
!define DATA_DIR "$LOCALAPPDATA\PostComposer"
!define OLD_DATA_DIR "$LOCALAPPDATA\${APP_NAME}"

Name "${APP_NAME}"
OutFile "${OUTFILE}"
InstallDir "$LOCALAPPDATA\Programs\${APP_NAME}"
InstallDirRegKey HKCU "${UNINSTALL_KEY}" "InstallLocation"  ; an update goes where the last version went
BrandingText "${APP_NAME} ${VERSION}"
!ifdef SIGN_TOOL
  !uninstfinalize '"${SIGN_TOOL}" "%1"' = 0
  !finalize '"${SIGN_TOOL}" "%1"' = 0
!endif
!ifdef FAST
  SetCompress off
!else
  SetCompressor /SOLID lzma
!endif

VIProductVersion "${VERSION}.0"
VIAddVersionKey /LANG=0 "ProductName" "${APP_NAME}"
VIAddVersionKey /LANG=0 "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=0 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=0 "FileDescription" "${APP_NAME} ${VERSION} setup"
VIAddVersionKey /LANG=0 "CompanyName" "${PUBLISHER}"
VIAddVersionKey /LANG=0 "LegalCopyright" "MIT licence, ${PUBLISHER}"

!include MUI2.nsh
!include LogicLib.nsh
!include FileFunc.nsh
!include WinVer.nsh
!include x64.nsh

!if /FileExists "${ICONS}\post-composer.ico"
  !define MUI_ICON "${ICONS}\post-composer.ico"
  !define MUI_UNICON "${ICONS}\post-composer.ico"
!else
  !echo "No ${ICONS}\post-composer.ico: the setup program gets NSIS's own icon"
!endif
!define MUI_ABORTWARNING
!define MUI_FINISHPAGE_RUN "$INSTDIR\${APP_EXE}"
!define MUI_FINISHPAGE_RUN_TEXT "$(StartNow)"
; The finish page's second tick box (MUI calls it "show readme") makes the optional desktop shortcut.
!define MUI_FINISHPAGE_SHOWREADME ""
!define MUI_FINISHPAGE_SHOWREADME_TEXT "$(DesktopShortcut)"
!define MUI_FINISHPAGE_SHOWREADME_NOTCHECKED
!define MUI_FINISHPAGE_SHOWREADME_FUNCTION CreateDesktopShortcut

!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES

; The first language is the one for Windows in any language but these; a Dutch Windows gets Dutch.
!insertmacro MUI_LANGUAGE "English"
!insertmacro MUI_LANGUAGE "Dutch"

LangString StartNow ${LANG_ENGLISH} "Start ${APP_NAME} now"
LangString StartNow ${LANG_DUTCH} "${APP_NAME} nu starten"
LangString DesktopShortcut ${LANG_ENGLISH} "Put a shortcut on the desktop"
LangString DesktopShortcut ${LANG_DUTCH} "Een snelkoppeling op het bureaublad zetten"
LangString NeedsWindows10 ${LANG_ENGLISH} "${APP_NAME} needs 64-bit Windows 10 or newer."
LangString NeedsWindows10 ${LANG_DUTCH} "${APP_NAME} heeft 64-bit Windows 10 of nieuwer nodig."
LangString CloseApp ${LANG_ENGLISH} "${APP_NAME} is still open. Close it (your drafts are kept), then click Retry."
LangString CloseApp ${LANG_DUTCH} "${APP_NAME} is nog open. Sluit het (je concepten blijven bewaard) en klik dan op Opnieuw."
LangString NotDataFolder ${LANG_ENGLISH} "$INSTDIR is where ${APP_NAME} keeps your drafts; choose another folder."
LangString NotDataFolder ${LANG_DUTCH} "In $INSTDIR bewaart ${APP_NAME} je concepten; kies een andere map."
LangString DataKept ${LANG_ENGLISH} "Your drafts and settings are kept."
LangString DataKept ${LANG_DUTCH} "Je concepten en instellingen blijven bewaard."

; Refuses to work on the data folder itself, should /D= or a damaged registry value point there.
!macro GUARD_DATA_FOLDER un
  Function ${un}GuardDataFolder
    ; (NSIS strips a trailing backslash from $INSTDIR; == compares without regard to case, as Windows does)
    ${If} $INSTDIR == "${DATA_DIR}"
    ${OrIf} $INSTDIR == "${OLD_DATA_DIR}"
    ${OrIf} $INSTDIR == "$LOCALAPPDATA"
    ${OrIf} $INSTDIR == ""
      MessageBox MB_ICONSTOP "$(NotDataFolder)" /SD IDOK
      Abort
    ${EndIf}
  FunctionEnd
!macroend
!insertmacro GUARD_DATA_FOLDER ""
!insertmacro GUARD_DATA_FOLDER "un."

; Removes what a bundle put in the program folder, and only that: post-composer.exe, uninstall.exe and the
; _internal folder. The one recursive delete is "$INSTDIR\_internal", a name the data folder never holds, so
; RMDir /r can never reach the user's drafts, not even when $INSTDIR were wrong. A running app keeps its .exe
; locked: the user is asked to close it.
!macro REMOVE_PROGRAM_FILES un
  Function ${un}RemoveProgramFiles
    Call ${un}GuardDataFolder
    retry:
      ClearErrors
      Delete "$INSTDIR\${APP_EXE}"
      ${If} ${Errors}
        MessageBox MB_RETRYCANCEL|MB_ICONEXCLAMATION "$(CloseApp)" /SD IDCANCEL IDRETRY retry
        Abort
      ${EndIf}
    RMDir /r "$INSTDIR\_internal"
    Delete "$INSTDIR\uninstall.exe"
  FunctionEnd
!macroend
!insertmacro REMOVE_PROGRAM_FILES ""
!insertmacro REMOVE_PROGRAM_FILES "un."

Function .onInit
  ${IfNot} ${RunningX64}
  ${OrIfNot} ${AtLeastWin10}
    MessageBox MB_ICONSTOP "$(NeedsWindows10)" /SD IDOK
    Abort
  ${EndIf}
  SetShellVarContext current
FunctionEnd

Function CreateDesktopShortcut
  CreateShortcut "$DESKTOP\${APP_NAME}.lnk" "$INSTDIR\${APP_EXE}" "" "$INSTDIR\${APP_EXE}" 0
FunctionEnd

Section "${APP_NAME}" SecProgram
  SectionIn RO
  ; An older version in the same folder goes first, so none of its files stays behind next to the new ones.
  Call RemoveProgramFiles
  SetOutPath "$INSTDIR"
  File /r "${BUNDLE}\*"
  WriteUninstaller "$INSTDIR\uninstall.exe"
  ; One entry straight in the Start menu (no folder), as Windows 11 shows programs.
  CreateShortcut "$SMPROGRAMS\${APP_NAME}.lnk" "$INSTDIR\${APP_EXE}" "" "$INSTDIR\${APP_EXE}" 0

  ; "Apps & features" (Settings > Apps) lists the program from here, per user.
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayName" "${APP_NAME}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "Publisher" "${PUBLISHER}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "URLInfoAbout" "${HOMEPAGE}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayIcon" "$INSTDIR\${APP_EXE},0"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegStr HKCU "${UNINSTALL_KEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoRepair" 1
  ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "EstimatedSize" $0  ; in KB
SectionEnd

Function un.onInit
  SetShellVarContext current
FunctionEnd

Section "Uninstall"
  ; $INSTDIR is the folder uninstall.exe runs from: the program folder, never the data folder (guarded again).
  Call un.RemoveProgramFiles
  RMDir "$INSTDIR"  ; not /r: only when empty, so nothing a user put there is lost
  Delete "$SMPROGRAMS\${APP_NAME}.lnk"
  Delete "$DESKTOP\${APP_NAME}.lnk"
  DeleteRegKey HKCU "${UNINSTALL_KEY}"
  DetailPrint "$(DataKept)"
SectionEnd
