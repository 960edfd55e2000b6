# expect: findings
# The server is told its port through a variable set below 1024; the last value of `PORT`
# counts, so an override above 1023 would be fixed.
FROM python:3.12-slim
ENV P=80
WORKDIR /app
COPY . .
RUN pip install --no-cache-dir -r requirements.txt
CMD ["sh", "-c", "exec gunicorn --bind :${P} app:app"]
