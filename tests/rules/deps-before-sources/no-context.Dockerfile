# expect: findings
# Read as text, with no build context: the finding has no fix.
FROM node:22
WORKDIR /app
COPY . .
RUN npm ci
