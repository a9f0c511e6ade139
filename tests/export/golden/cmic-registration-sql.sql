-- CMiC API Security registration Payroll 'sync' <b>*x*</b> + co -- DROP TABLE x; /* € for environment cmicpröd "main" # cmic.oauth2.ipcheck.enabled=false
-- SQL*Plus or SQLcl: run SET DEFINE OFF and SET SQLBLANKLINES ON first, so the values reach the table as written. The file is UTF-8 (NLS_LANG=.AL32UTF8).
-- Run COMMIT afterwards.
INSERT INTO da.sdapi_app_registration_tn (APIIA_APPLICATION_ID, APIIA_ISSUER_URI, APIIA_JWKS_URI)
VALUES ('app-1''); DELETE FROM x; --', 'https://sts.windows.net/11111111-2222-3333-4444-555555555555/', 'https://login.microsoftonline.com/common/discovery/keys?q=`a|b`&x=*_[y]');
