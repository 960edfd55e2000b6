# expect: findings
# `node` with no script opens its prompt. Reported, not fixed.
FROM node:22-bookworm-slim
RUN npm install --global --no-fund typescript
CMD node --experimental-repl-await
