# expect: findings
FROM node:22-bookworm-slim
USER node
RUN npm ci
USER root
CMD ["node", "server.js"]
