# expect: findings
# `PORT` is set to 80 and then to 8080: the server listens on 8080, which any user may bind.
FROM python:3.12-slim
ENV PORT=80
ENV PORT=8080
WORKDIR /app
COPY . .
RUN pip install --no-cache-dir -r requirements.txt
CMD ["python", "app.py"]
