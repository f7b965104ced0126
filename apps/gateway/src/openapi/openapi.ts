import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';

/** OpenAPI of the gateway's HTTP interface at `/api/docs` (UI) and `/api/docs/json`. */
export function setUpOpenApi(app: INestApplication): void {
  const config = new DocumentBuilder()
    .setTitle('retailcrm-mindbox gateway')
    .setDescription(
      'RetailCRM module protocol, manual connection and the settings API. `/api/v1/*` (but `POST /api/v1/accounts`) ' +
        'takes `Authorization: Bearer <clientId>`.',
    )
    .setVersion('1')
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'the clientId of the account' })
    .build();
  SwaggerModule.setup('api/docs', app, () => SwaggerModule.createDocument(app, config), {
    jsonDocumentUrl: 'api/docs/json',
    yamlDocumentUrl: 'api/docs/yaml',
  });
}
