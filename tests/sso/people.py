"""The people at the two test iServ servers."""

PASSWORD = "iserv-Passwort-1"

#: People at the iServ of school A ("Grundschule Am Park").
USERS_A = {
    "anna": {
        "sub": "u-1001",
        "name": "Anna Alt",
        "email": "anna@park.example",
        "email_verified": True,
        "groups": ["Lehrer", "Klasse 3b"],
    },
    "mona": {
        "sub": "u-1002",
        "name": "Mona Medien",
        "email": "mona@park.example",
        "email_verified": True,
        "groups": ["Lehrer", "Medienkoordination"],
    },
    "paul": {
        "sub": "u-1003",
        "name": "Paul Pupil",
        "email": "paul@park.example",
        "email_verified": True,
        "groups": ["Schüler", "Klasse 3b"],
    },
    "uwe": {
        "sub": "u-1004",
        "name": "Uwe Unbestätigt",
        "email": "uwe@park.example",
        "email_verified": False,
        "groups": ["Lehrer"],
    },
    "lea": {  # the same person as the `teacher` fixture (lea@schule.example)
        "sub": "u-1005",
        "name": "Lea Lehrerin",
        "email": "lea@schule.example",
        "email_verified": True,
        "groups": ["Lehrer"],
    },
}
#: People at the iServ of school B ("Gymnasium Nord"); iServ sends group objects.
USERS_B = {
    "bert": {
        "sub": "u-1001",  # the same subject id as Anna at school A, on purpose
        "name": "Bert Berg",
        "email": "bert@nord.example",
        "email_verified": True,
        "groups": [{"name": "Lehrer", "act": "lehrer"}],
    },
    "anna": {  # someone at B with the e-mail of a school-A account
        "sub": "u-2002",
        "name": "Anna Alt",
        "email": "lea@schule.example",
        "email_verified": True,
        "groups": [{"name": "Lehrer", "act": "lehrer"}],
    },
}


def add_users(provider, users: dict) -> None:
    for username, claims in users.items():
        claims = dict(claims)
        provider.add_user(
            username=username, password=PASSWORD, sub=claims.pop("sub"), **claims
        )
