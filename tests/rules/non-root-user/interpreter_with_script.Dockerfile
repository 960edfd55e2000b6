# expect: findings
# `sh -c` runs a command, and `python -m` a module: a program, not a prompt, so fixed.
FROM python:3.12-slim
RUN pip install --no-cache-dir celery
CMD ["/bin/sh", "-c", "exec python -m celery -A tasks worker"]
