import { Body, Controller, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { AccountsService, ConnectedAccount } from './accounts.service';
import { ConnectAccountDto } from './accounts.dto';

/** The manual connection: no authentication, the key itself proves access to the CRM. */
@ApiTags('accounts')
@Controller('api/v1/accounts')
export class AccountsController {
  constructor(private readonly accounts: AccountsService) {}

  /** 201 `{clientId, accountUrl}`; 422 naming `retailcrmUrl` or `apiKey`. */
  @Post()
  connect(@Body() body: ConnectAccountDto): Promise<ConnectedAccount> {
    return this.accounts.connect(body.retailcrmUrl, body.apiKey);
  }
}
