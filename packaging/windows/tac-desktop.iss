; Inno Setup 6 script: the Windows installer of TAC Desktop, per-user or per-machine.
;
;   python packaging\build.py        builds dist\tac-desktop\ with PyInstaller, then runs
;                                    ISCC on this script with the version from pyproject.toml
; or by hand, after PyInstaller:
;   iscc /DAppVersion=0.1.0 packaging\windows\tac-desktop.iss
;
; The installer asks whether to install for the current user (no administrator rights;
; %LOCALAPPDATA%\Programs\TAC Desktop) or for everyone (C:\Program Files\TAC Desktop).
; IT can choose without the question: /CURRENTUSER or /ALLUSERS, with /VERYSILENT.
; Uninstalling removes the program only: vaults, backups, settings and logs stay.

#ifndef AppVersion
  #error Give the version: iscc /DAppVersion=X.Y.Z (python packaging\project_info.py prints it)
#endif
#ifndef NumericVersion
  #define NumericVersion AppVersion
#endif
; The PyInstaller bundle folder and where the installer goes (relative to this script).
#ifndef DistDir
  #define DistDir "..\..\dist\tac-desktop"
#endif
#ifndef OutputDir
  #define OutputDir "..\..\dist"
#endif

#define AppName "TAC Desktop"
; The window, with no console. Beside it, tac-desktop.exe is the command line for IT's
; scripts ("{app}\tac-desktop.exe" vault check ...); both run the same bundle.
#define AppExe "TAC Desktop.exe"

[Setup]
; An invented identifier, fixed for ever: upgrades find the installed copy by it.
AppId={{5B7E3C1A-2F4D-4E8B-9A6C-1D3F5E7A9B2C}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=TAC Desktop developers
VersionInfoVersion={#NumericVersion}
VersionInfoProductName={#AppName}
; Per-user by default; the dialog (or /ALLUSERS) lets an administrator install for all.
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog commandline
; {autopf}: Program Files when installing for everyone, the user's Programs folder if not.
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
UsePreviousAppDir=yes
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
OutputDir={#OutputDir}
OutputBaseFilename=TAC-Desktop-{#AppVersion}-setup
SetupIconFile=..\icons\tac-desktop.ico
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
; Close a running copy before replacing its files (the vault is closed cleanly on exit).
CloseApplications=yes
RestartApplications=no

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[InstallDelete]
; An upgrade replaces the whole bundle: no library of an older version is left behind.
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "{#DistDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"; Comment: "Chair Team Around the Child meetings"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent
