"""Texts of the helpdesk demo: what schools report and how the IT service answers."""

# category: (weight, subjects, first message)
CATEGORIES = {
    "display": (
        18,
        ["Display gesprungen", "Bildschirm flackert", "Risse im Glas"],
        "Das iPad ist heruntergefallen, das Display hat Risse.",
    ),
    "hardware": (
        8,
        ["Home-Taste klemmt", "Lautsprecher knistert", "Kamera defekt"],
        "Seit gestern funktioniert ein Teil des Geräts nicht mehr.",
    ),
    "charging": (
        10,
        ["iPad lädt nicht", "Ladebuchse locker", "Akku hält nicht"],
        "Das iPad lädt nicht mehr, auch nicht mit anderem Kabel.",
    ),
    "app": (
        16,
        ["Keynote fehlt", "GoodNotes stürzt ab", "Anton-App fehlt"],
        "Eine App, die wir im Unterricht brauchen, fehlt oder startet nicht.",
    ),
    "wlan": (
        14,
        ["Kein WLAN im Raum 2.14", "WLAN bricht ab", "WLAN-Netz fehlt"],
        "Die iPads verbinden sich nicht mit dem Schul-WLAN.",
    ),
    "iserv": (
        10,
        ["iServ-Login klappt nicht", "iServ-App meldet Fehler"],
        "Die Anmeldung bei iServ auf dem iPad schlägt fehl.",
    ),
    "profile": (
        6,
        ["Profil veraltet", "Einstellungen gesperrt"],
        "Auf dem Gerät ist noch ein altes Profil installiert.",
    ),
    "lost": (
        4,
        ["iPad verloren", "iPad gestohlen"],
        "Ein Leihgerät ist seit dem Ausflug nicht mehr auffindbar.",
    ),
    "loan": (
        6,
        ["Rückgabe Leihgerät", "Frage zum Leihvertrag"],
        "Wir haben eine Frage zur Ausleihe eines Geräts.",
    ),
    "other": (
        8,
        ["Frage zur Hülle", "Bildschirmzeit-Code vergessen"],
        "Wir haben eine allgemeine Frage zu den iPads.",
    ),
}
AGENT_REPLIES = [
    "Danke für Ihre Meldung. Bitte starten Sie das iPad einmal neu und geben Sie "
    "uns Bescheid, ob das Problem bleibt.",
    "Wir holen das Gerät am Donnerstag zur Reparatur ab. Bitte legen Sie es mit "
    "Ladekabel ins Sekretariat.",
    "Das Profil wurde neu zugewiesen. Bitte verbinden Sie das iPad mit dem WLAN.",
    "Können Sie uns bitte ein Foto des Schadens schicken?",
]
INTERNAL_NOTES = [
    "Garantie geprüft: noch gültig, Austausch über Händler.",
    "Gleiches Problem an drei Geräten dieser Schule, Access Point prüfen.",
    "Schule bereits zweimal angerufen, niemand erreicht.",
    "Gerät war schon im Frühjahr in Reparatur.",
]
SCHOOL_REPLIES = [
    "Danke, nach dem Neustart geht es wieder.",
    "Das Problem besteht weiterhin.",
    "Foto ist angehängt, das Gerät liegt im Sekretariat.",
]
CANNED = [
    (
        "Neustart erbeten",
        "",
        "Bitte starten Sie das iPad einmal neu (obere Taste und "
        "Lautstärketaste halten) und geben Sie uns Bescheid, ob das Problem bleibt.",
    ),
    (
        "Abholung zur Reparatur",
        "display",
        "Wir holen das Gerät zur Reparatur ab. "
        "Bitte legen Sie es mit Ladekabel und Hülle ins Sekretariat.",
    ),
    (
        "Verlust: Anzeige erbeten",
        "lost",
        "Bitte erstatten Sie Anzeige bei der Polizei "
        "und senden Sie uns das Aktenzeichen. Wir sperren das Gerät.",
    ),
    (
        "WLAN: Raum und Uhrzeit",
        "wlan",
        "Bitte nennen Sie Raum und Uhrzeit der "
        "Ausfälle und ob alle Geräte betroffen sind.",
    ),
]
