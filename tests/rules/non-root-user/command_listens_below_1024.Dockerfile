# expect: findings
# The server is told to listen on port 80 on its command line: reported, not fixed.
FROM python:3.12-slim
WORKDIR /app
COPY . .
RUN pip install --no-cache-dir -r requirements.txt
CMD ["gunicorn", "-b", "0.0.0.0:80", "app:app"]
