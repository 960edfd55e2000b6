# expect: findings
# supervisord runs as root to manage the programs it starts. Reported, not fixed.
FROM python:3.12-slim
RUN pip install --no-cache-dir supervisor gunicorn
COPY supervisord.conf /etc/supervisord.conf
CMD ["supervisord", "-n", "-c", "/etc/supervisord.conf"]
