# escape=`
# expect: findings
FROM python:3.12
RUN pip install `
      flask `
 && pip install gunicorn
