"""The security suite: attacks on the portal as a whole (runs in `make test`).

- test_permission_matrix.py: every URL of the URL conf x every role of the cast,
  expected answers in matrix.py and matrix_support.py, in the vocabulary of
  expectations.py (a new URL without an entry fails the suite);
  test_cross_object.py: objects smuggled into another's form, hidden fields.
- test_xss.py, test_reflected_xss.py, test_mail_injection.py, payloads.py:
  stored and reflected XSS, e-mail header injection; the browser counterpart is
  tests/browser/test_security_xss.py.
- test_exports.py: formula injection in CSV/XLSX; test_uploads.py: hostile files.
- test_csrf.py, test_accounts_security.py, test_cms_privileges.py,
  test_headers.py: CSRF, log-in attacks, MFA, CMS power areas, headers and HTTPS.
- pending/: tests of reported findings not fixed yet (not collected).
The dependency audit is `make audit` (pip-audit needs its vulnerability service).
"""
