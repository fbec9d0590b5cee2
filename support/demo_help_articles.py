"""The demo's help articles: real answers to the questions schools ask most.

Each entry: slug, title, category, summary, course keyword (a related course is
linked if the catalogue has one with this word in its title), body blocks.
"""

from __future__ import annotations


def _p(*paragraphs: str) -> list[dict]:
    return [{"type": "paragraph", "value": f"<p>{text}</p>"} for text in paragraphs]


def _steps(title: str, *steps: str) -> dict:
    return {
        "type": "steps",
        "value": {"title": title, "steps": [f"<p>{s}</p>" for s in steps]},
    }


def _tip(title: str, text: str, kind: str = "tip") -> dict:
    return {
        "type": "callout",
        "value": {"kind": kind, "title": title, "text": f"<p>{text}</p>"},
    }


ARTICLES = [
    (
        "ipad-neu-starten",
        "iPad neu starten",
        "app",
        "Ein Neustart behebt viele Probleme mit hängenden Apps und fehlendem WLAN.",
        "iPad",
        [
            *_p(
                "Reagiert eine App nicht mehr oder verbindet sich das iPad nicht, "
                "hilft oft ein Neustart. Dabei gehen keine Daten verloren."
            ),
            _steps(
                "iPad ohne Home-Taste",
                "Halten Sie die obere Taste und eine Lautstärketaste gedrückt, bis der "
                "Schieberegler erscheint.",
                "Ziehen Sie den Schieberegler; warten Sie 30 Sekunden.",
                "Halten Sie die obere Taste gedrückt, bis das Apple-Logo erscheint.",
            ),
            _steps(
                "iPad mit Home-Taste",
                "Halten Sie die obere Taste gedrückt, bis der Schieberegler erscheint.",
                "Ziehen Sie den Schieberegler und schalten Sie das iPad nach 30 "
                "Sekunden mit der oberen Taste wieder ein.",
            ),
            _tip(
                "Reagiert gar nichts mehr?",
                "Erzwingen Sie den Neustart: Lauter-Taste kurz drücken, Leiser-Taste "
                "kurz drücken, dann die obere Taste halten, bis das Apple-Logo "
                "erscheint.",
            ),
        ],
    ),
    (
        "seriennummer-finden",
        "Seriennummer eines iPads finden",
        "other",
        "Wo Sie die Seriennummer finden, die der IT-Service für jede Meldung braucht.",
        "",
        [
            *_p(
                "Mit der Seriennummer sieht der IT-Service sofort Modell, Profil, "
                "Garantie und frühere Meldungen des Geräts."
            ),
            _steps(
                "Auf dem iPad",
                "Öffnen Sie Einstellungen > Allgemein > Info.",
                "Tippen Sie lange auf „Seriennummer“ und wählen Sie „Kopieren“.",
                "Fügen Sie die Nummer im Formular „Problem melden“ ein.",
            ),
            *_p(
                "Startet das iPad nicht mehr, steht die Seriennummer klein gedruckt "
                "auf der Rückseite und auf dem Etikett der Verpackung. Sie hat 10 "
                "oder 12 Zeichen."
            ),
            _tip(
                "QR-Code auf dem Geräteaufkleber",
                "Hat Ihr iPad einen Aufkleber mit QR-Code, öffnet dieser das "
                "Meldeformular mit eingetragener Seriennummer.",
                "note",
            ),
        ],
    ),
    (
        "wlan-verbindet-nicht",
        "WLAN verbindet nicht",
        "wlan",
        "Schritt für Schritt zum Schul-WLAN, ohne dass Sie ein Passwort kennen müssen.",
        "WLAN",
        [
            *_p(
                "Das Schul-WLAN wird über das Konfigurationsprofil eingerichtet. Sie "
                "müssen kein Passwort eingeben."
            ),
            _steps(
                "So prüfen Sie die Verbindung",
                "Öffnen Sie Einstellungen > WLAN und prüfen Sie, ob WLAN eingeschaltet "
                "ist und der Flugmodus aus ist.",
                "Wählen Sie das Netz Ihrer Schule aus der Liste.",
                "Erscheint das Netz nicht, starten Sie das iPad neu.",
                "Funktioniert es nur bei einzelnen Geräten nicht, notieren Sie deren "
                "Seriennummern für die Meldung.",
            ),
            _tip(
                "Betrifft es alle Geräte?",
                "Fällt das WLAN im ganzen Gebäude aus, melden Sie das bitte einmal "
                "mit der Kategorie „WLAN“ und dem betroffenen Gebäudeteil.",
                "warning",
            ),
        ],
    ),
    (
        "iserv-passwort-zuruecksetzen",
        "iServ-Passwort zurücksetzen",
        "iserv",
        "Was Lehrkräfte und Schülerinnen und Schüler tun, wenn das iServ-Passwort "
        "vergessen ist.",
        "iServ",
        [
            *_p(
                "Das iServ-Passwort setzt die iServ-Administration Ihrer Schule "
                "zurück, nicht der IT-Service der Stadt."
            ),
            _steps(
                "Für Lehrkräfte",
                "Wenden Sie sich an die iServ-Administration Ihrer Schule.",
                "Sie erhalten ein vorläufiges Passwort.",
                "Melden Sie sich an und vergeben Sie unter Profil > Passwort ein "
                "neues Passwort.",
            ),
            *_p(
                "Für Schülerinnen und Schüler setzen Lehrkräfte mit "
                "Verwaltungsrechten das Passwort in der Benutzerverwaltung zurück."
            ),
            _tip(
                "Keine Passwörter per E-Mail",
                "Senden Sie Passwörter nie per E-Mail oder in einem Ticket.",
                "warning",
            ),
        ],
    ),
    (
        "app-fehlt",
        "Eine App fehlt auf dem iPad",
        "app",
        "Apps kommen über das Profil Ihrer Schule; so bekommen Sie eine fehlende App.",
        "Apps",
        [
            *_p(
                "Die Apps der Schul-iPads werden zentral verteilt. Eine App, die im "
                "Profil Ihrer Schule steht, installiert sich nach einiger Zeit von "
                "selbst."
            ),
            _steps(
                "Wenn eine App fehlt",
                "Verbinden Sie das iPad mit dem Schul-WLAN und lassen Sie es eine "
                "Stunde am Strom.",
                "Starten Sie das iPad neu.",
                "Fehlt die App weiterhin, melden Sie das Problem mit der Kategorie "
                "„App fehlt oder funktioniert nicht“ und dem Namen der App.",
            ),
            *_p(
                "Eine neue App für die ganze Schule beantragt die IT-Koordination "
                "Ihrer Schule; sie wird im Profil ergänzt."
            ),
        ],
    ),
    (
        "display-gebrochen",
        "Display gebrochen: was tun?",
        "display",
        "Wie Sie einen Displayschaden melden und was mit dem Gerät passiert.",
        "",
        [
            *_p(
                "Ein gesprungenes Display kann scharfe Kanten haben. Bitte das Gerät "
                "nicht weiter benutzen, wenn Glas absplittert."
            ),
            _steps(
                "So gehen Sie vor",
                "Fotografieren Sie den Schaden.",
                "Melden Sie ihn mit der Seriennummer und dem Foto unter „Problem "
                "melden“.",
                "Der IT-Service prüft Garantie oder Versicherung und holt das Gerät "
                "zur Reparatur ab.",
            ),
            _tip(
                "Schülergeräte",
                "Bei geliehenen Schülergeräten nennen Sie nur das Ausleihkürzel, nie "
                "den Namen der Schülerin oder des Schülers.",
                "note",
            ),
        ],
    ),
    (
        "geraet-verloren",
        "iPad verloren oder gestohlen: was tun?",
        "lost",
        "Sofort melden: der IT-Service sperrt das Gerät und ortet es, wenn möglich.",
        "",
        [
            *_p(
                "Ein verlorenes iPad kann Zugang zu Schuldaten geben. Melden Sie den "
                "Verlust deshalb sofort."
            ),
            _steps(
                "So gehen Sie vor",
                "Melden Sie das Gerät mit der Kategorie „Verloren oder gestohlen“ und "
                "der Seriennummer.",
                "Bei Diebstahl erstatten Sie Anzeige bei der Polizei und senden Sie "
                "das Aktenzeichen als Antwort im Ticket.",
                "Der IT-Service versetzt das Gerät in den Modus „Verloren“ und "
                "vermerkt es im Bestand.",
            ),
        ],
    ),
    (
        "ipad-laedt-nicht",
        "iPad lädt nicht",
        "charging",
        "Kabel, Netzteil oder Gerät? So finden Sie heraus, woran es liegt.",
        "",
        [
            _steps(
                "Prüfen Sie der Reihe nach",
                "Verwenden Sie ein anderes Kabel und ein anderes Netzteil.",
                "Entfernen Sie vorsichtig Staub aus der Ladebuchse (kein Metall!).",
                "Lassen Sie das iPad eine Stunde am Strom und starten Sie es dann neu.",
            ),
            *_p(
                "Lädt das iPad auch dann nicht, melden Sie es mit der Kategorie "
                "„Lädt nicht“. Nennen Sie, welche Kabel Sie versucht haben."
            ),
        ],
    ),
    (
        "profil-aktualisieren",
        "Konfigurationsprofil aktualisieren",
        "profile",
        "Warum Einstellungen gesperrt sind und wie ein iPad das neue Profil bekommt.",
        "",
        [
            *_p(
                "Das Konfigurationsprofil legt WLAN, Apps und Einschränkungen fest. "
                "Eine neue Version erhält das iPad automatisch, wenn es im Schul-WLAN "
                "ist."
            ),
            _steps(
                "Version prüfen",
                "Öffnen Sie Einstellungen > Allgemein > VPN und Geräteverwaltung.",
                "Tippen Sie auf das Profil Ihrer Schule; dort steht die Version.",
            ),
            *_p(
                "Weicht die Version vom aktuellen Profil Ihrer Schule ab, melden Sie "
                "das Gerät mit der Kategorie „Konfigurationsprofil“."
            ),
        ],
    ),
    (
        "leihgeraet-rueckgabe",
        "Leihgerät zurückgeben oder weitergeben",
        "loan",
        "Was bei Rückgabe und Weitergabe eines Schüler-Leihgeräts zu tun ist.",
        "",
        [
            *_p(
                "Leihgeräte für Schülerinnen und Schüler verwaltet die "
                "IT-Koordination Ihrer Schule im Portal unter „Meine Schule“."
            ),
            _steps(
                "Rückgabe",
                "Prüfen Sie Zustand und Zubehör (Hülle, Ladekabel, Stift).",
                "Tragen Sie die Rückgabe mit Zustand im Portal ein.",
                "Setzen Sie das Gerät erst nach der Rückgabe neu auf.",
            ),
            _tip(
                "Datenschutz",
                "Im Portal steht nur das Ausleihkürzel; die Zuordnung zu Namen "
                "bleibt in der Schule.",
                "note",
            ),
        ],
    ),
    (
        "bildschirmfoto-machen",
        "Ein Bildschirmfoto machen",
        "other",
        "Ein Bildschirmfoto zeigt dem IT-Service eine Fehlermeldung genau.",
        "iPad",
        [
            _steps(
                "So geht es",
                "iPad ohne Home-Taste: obere Taste und Lauter-Taste gleichzeitig kurz "
                "drücken.",
                "iPad mit Home-Taste: obere Taste und Home-Taste gleichzeitig kurz "
                "drücken.",
                "Das Bild liegt in der App Fotos; hängen Sie es an Ihre Meldung an.",
            ),
            _tip(
                "Keine Schülernamen",
                "Achten Sie darauf, dass keine Namen von Schülerinnen und Schülern "
                "zu sehen sind.",
                "warning",
            ),
        ],
    ),
    (
        "apple-pencil-koppeln",
        "Apple Pencil koppeln",
        "hardware",
        "So verbinden Sie den Stift mit dem iPad, wenn er nicht schreibt.",
        "",
        [
            _steps(
                "Koppeln",
                "Schalten Sie Bluetooth unter Einstellungen > Bluetooth ein.",
                "Stecken oder legen Sie den Stift an das iPad (je nach Modell).",
                "Tippen Sie auf „Koppeln“.",
            ),
            *_p(
                "Schreibt der Stift trotzdem nicht, laden Sie ihn 15 Minuten und "
                "versuchen Sie es erneut. Hilft das nicht, melden Sie einen "
                "Hardwareschaden."
            ),
        ],
    ),
]
