/* eslint-disable */
/* tslint:disable */
// @ts-nocheck
/*
 * ---------------------------------------------------------------
 * ## THIS FILE WAS GENERATED VIA SWAGGER-TYPESCRIPT-API        ##
 * ##                                                           ##
 * ## AUTHOR: acacode                                           ##
 * ## SOURCE: https://github.com/acacode/swagger-typescript-api ##
 * ---------------------------------------------------------------
 */

/**
 * `not_configured`: the tenant has not stored the credentials the service needs.
 * `configured`: credentials are stored but a live check did not succeed (or has not been possible).
 * `connected`: credentials are stored and a live check against the provider succeeded.
 */
export type ServiceStatus = "connected" | "configured" | "not_configured";

/** @example {"clientCode":"nirvisham","name":"Nirvisham Clinics","status":"active","createdAt":"2026-03-01T10:00:00.000Z","secrets":{"whatsappToken":true,"whatsappBusinessId":true,"whatsappPhoneNumberId":true,"whatsappWebhookToken":false,"smtpHost":false,"smtpPort":false,"smtpUser":false,"smtpPass":false,"smtpFrom":false,"automationWebhookSecret":true},"datasource":null,"corsOrigins":["https://client-domain.com"]} */
export interface Client {
  /** Tenant identifier; lowercase letters, digits and underscores, starting with a letter. */
  clientCode: ClientCode;
  name: string;
  status: "active";
  /** @format date-time */
  createdAt: string;
  /** Which secrets are set (true) or not (false). Values are never shown. */
  secrets: SecretsStatus;
  /** Where the tenant's data lives; `null` means the platform database. */
  datasource: DatasourceInfo | null;
  corsOrigins: string[];
}

/**
 * Tenant identifier; lowercase letters, digits and underscores, starting with a letter.
 * @pattern ^[a-z][a-z0-9_]{2,39}$
 * @example "nirvisham"
 */
export type ClientCode = string;

/**
 * A new tenant's credentials. `apiKey` and `webhookSecret` are shown only in this answer.
 * @example {"clientCode":"nirvisham","name":"Nirvisham Clinics","apiKey":"ecx_3q2x9Yl0v8mX1m0bq7VvZpWf6hQ4cB2nR5tJ8kL1sA0","webhookSecret":"9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08","createdAt":"2026-03-01T10:00:00.000Z"}
 */
export interface ClientCredentials {
  /** Tenant identifier; lowercase letters, digits and underscores, starting with a letter. */
  clientCode: ClientCode;
  name: string;
  /** Send as `x-api-key`. Stored only as a hash; it cannot be shown again. */
  apiKey: string;
  /** Signs callbacks (`x-ecodrix-signature`). Also stored as the `automationWebhookSecret` secret. */
  webhookSecret: string;
  /** @format date-time */
  createdAt: string;
}

export type ClientEnvelope = SuccessEnvelope & {
  data: Client;
};

/** @example {"clientCode":"nirvisham","services":{"whatsapp":"connected","email":"configured","googleMeet":"configured"},"activeAutomations":5,"queueDepth":0} */
export interface ClientHealth {
  clientCode: string;
  services: {
    /**
     * `not_configured`: the tenant has not stored the credentials the service needs.
     * `configured`: credentials are stored but a live check did not succeed (or has not been possible).
     * `connected`: credentials are stored and a live check against the provider succeeded.
     */
    whatsapp: ServiceStatus;
    /**
     * `not_configured`: the tenant has not stored the credentials the service needs.
     * `configured`: credentials are stored but a live check did not succeed (or has not been possible).
     * `connected`: credentials are stored and a live check against the provider succeeded.
     */
    email: ServiceStatus;
    /**
     * `not_configured`: the tenant has not stored the credentials the service needs.
     * `configured`: credentials are stored but a live check did not succeed (or has not been possible).
     * `connected`: credentials are stored and a live check against the provider succeeded.
     */
    googleMeet: ServiceStatus;
  };
  /**
   * Automation rules of this tenant that are enabled.
   * @min 0
   */
  activeAutomations: number;
  /**
   * Background jobs of this tenant that are queued or running.
   * @min 0
   */
  queueDepth: number;
}

/** @example {"url":"https://client-domain.com"} */
export interface CorsOriginRequest {
  /**
   * An http(s) URL; only its origin (scheme, host, port) is kept.
   * @format uri
   * @maxLength 2048
   */
  url: string;
}

/** @example {"origins":["https://client-domain.com"]} */
export interface CorsOrigins {
  origins: string[];
}

export type CorsOriginsEnvelope = SuccessEnvelope & {
  data: CorsOrigins;
};

/** @example {"name":"Nirvisham Clinics","clientCode":"nirvisham"} */
export interface CreateClientRequest {
  /**
   * @minLength 1
   * @maxLength 120
   * @example "Nirvisham Clinics"
   */
  name: string;
  /** Tenant identifier; lowercase letters, digits and underscores, starting with a letter. */
  clientCode?: ClientCode;
}

/** The tenant's own database, without credentials. */
export interface DatasourceInfo {
  /** @example "db.internal:5432" */
  host: string;
  /** @example "nirvisham" */
  database: string;
  /** @example "tenant_nirvisham" */
  schema: string;
}

/** @example {"dbUri":"postgres://ecodrix:secret@db.internal:5432/nirvisham"} */
export interface DatasourceRequest {
  /**
   * A PostgreSQL connection URI. ECODrIx connects, creates the tenant's schema there and runs its migrations.
   * @maxLength 2048
   * @pattern ^postgres(ql)?://
   */
  dbUri: string;
}

/** Every failed request answers with this envelope. */
export interface ErrorEnvelope {
  success: false;
  /**
   * Human-readable reason; never a stack trace.
   * @example "Invalid request body"
   */
  message: string;
  /**
   * Stable machine-readable code (UNAUTHORIZED, VALIDATION_ERROR, NOT_FOUND, …).
   * @example "VALIDATION_ERROR"
   */
  code: string;
  /**
   * Same value as the `x-request-id` response header.
   * @example "0d9c1b3e-6f1a-4c44-9f57-2f3c8a1f4b21"
   */
  requestId?: string;
  /** For VALIDATION_ERROR, one entry per offending field. */
  details?: ValidationIssue[];
}

/** @example {"status":"ok","uptime":3600,"db":"connected"} */
export interface Health {
  status: "ok";
  /**
   * Seconds since this server process started.
   * @min 0
   */
  uptime: number;
  db: "connected";
}

/** Fields every paginated answer carries next to `data`. */
export interface Pagination {
  /**
   * @min 0
   * @example 250
   */
  total: number;
  /**
   * @min 1
   * @example 1
   */
  page: number;
  /**
   * @min 1
   * @example 25
   */
  limit: number;
  /**
   * @min 0
   * @example 10
   */
  totalPages: number;
}

/** @example {"gracePeriodSeconds":3600} */
export interface RotateApiKeyRequest {
  /**
   * How long the keys being replaced keep working (0 revokes them at once; at most 7 days).
   * @min 0
   * @max 604800
   * @default 0
   */
  gracePeriodSeconds?: number;
}

/** @example {"clientCode":"nirvisham","apiKey":"ecx_Hk2m9Yl0v8mX1m0bq7VvZpWf6hQ4cB2nR5tJ8kL1sZ9","previousKeysExpireAt":"2026-03-01T11:00:00.000Z"} */
export interface RotatedApiKey {
  /** Tenant identifier; lowercase letters, digits and underscores, starting with a letter. */
  clientCode: ClientCode;
  /** The new key, shown only in this answer. */
  apiKey: string;
  /**
   * When the replaced keys stop working.
   * @format date-time
   */
  previousKeysExpireAt: string;
}

/** Which secrets are set (true) or not (false). Values are never shown. */
export interface SecretsStatus {
  whatsappToken: boolean;
  whatsappBusinessId: boolean;
  whatsappPhoneNumberId: boolean;
  whatsappWebhookToken: boolean;
  smtpHost: boolean;
  smtpPort: boolean;
  smtpUser: boolean;
  smtpPass: boolean;
  smtpFrom: boolean;
  automationWebhookSecret: boolean;
}

/**
 * Secrets to store, encrypted with AES-256-GCM. Only the names present are changed;
 * `null` removes a secret. Values are never returned.
 * @example {"whatsappToken":"EAAG...","whatsappBusinessId":"102938475610293","whatsappPhoneNumberId":"109876543210987","smtpHost":"smtp.example.com","smtpPort":587,"smtpUser":"mailer@example.com","smtpPass":"app-password","smtpFrom":"Nirvisham <mailer@example.com>"}
 */
export interface SecretsUpdate {
  /**
   * @minLength 1
   * @maxLength 4096
   */
  whatsappToken?: string | null;
  /**
   * @minLength 1
   * @maxLength 64
   */
  whatsappBusinessId?: string | null;
  /**
   * @minLength 1
   * @maxLength 64
   */
  whatsappPhoneNumberId?: string | null;
  /**
   * @minLength 1
   * @maxLength 256
   */
  whatsappWebhookToken?: string | null;
  /**
   * @minLength 1
   * @maxLength 255
   */
  smtpHost?: string | null;
  /**
   * @min 1
   * @max 65535
   */
  smtpPort?: number | null;
  /**
   * @minLength 1
   * @maxLength 255
   */
  smtpUser?: string | null;
  /**
   * @minLength 1
   * @maxLength 1024
   */
  smtpPass?: string | null;
  /**
   * @minLength 3
   * @maxLength 320
   */
  smtpFrom?: string | null;
  /**
   * 32 to 128 hexadecimal characters.
   * @pattern ^[0-9a-fA-F]{32,128}$
   */
  automationWebhookSecret?: string | null;
}

/** Fields every successful answer carries; `data` is defined per operation. */
export interface SuccessEnvelope {
  success: true;
  /** Optional human-readable note. */
  message?: string;
}

export interface ValidationIssue {
  /**
   * Where the problem is, e.g. `body.clientCode` or `query.limit`.
   * @example "body.name"
   */
  path: string;
  /** @example "Required" */
  message: string;
}

export type QueryParamsType = Record<string | number, any>;
export type ResponseFormat = keyof Omit<Body, "body" | "bodyUsed">;

export interface FullRequestParams extends Omit<RequestInit, "body"> {
  /** set parameter to `true` for call `securityWorker` for this request */
  secure?: boolean;
  /** request path */
  path: string;
  /** content type of request body */
  type?: ContentType;
  /** query params */
  query?: QueryParamsType;
  /** format of response (i.e. response.json() -> format: "json") */
  format?: ResponseFormat;
  /** request body */
  body?: unknown;
  /** base url */
  baseUrl?: string;
  /** request cancellation token */
  cancelToken?: CancelToken;
}

export type RequestParams = Omit<
  FullRequestParams,
  "body" | "method" | "query" | "path"
>;

export interface ApiConfig<SecurityDataType = unknown> {
  baseUrl?: string;
  baseApiParams?: Omit<RequestParams, "baseUrl" | "cancelToken" | "signal">;
  securityWorker?: (
    securityData: SecurityDataType | null,
  ) => Promise<RequestParams | void> | RequestParams | void;
  customFetch?: typeof fetch;
}

export interface HttpResponse<D extends unknown, E extends unknown = unknown>
  extends Response {
  data: D;
  error: E;
}

type CancelToken = Symbol | string | number;

export type ContentType =
  | "application/json"
  | "application/vnd.api+json"
  | "multipart/form-data"
  | "application/x-www-form-urlencoded"
  | "text/plain";

export class HttpClient<SecurityDataType = unknown> {
  public baseUrl: string = "http://localhost:3000";
  private securityData: SecurityDataType | null = null;
  private securityWorker?: ApiConfig<SecurityDataType>["securityWorker"];
  private abortControllers = new Map<CancelToken, AbortController>();
  private customFetch = (...fetchParams: Parameters<typeof fetch>) =>
    fetch(...fetchParams);

  private baseApiParams: RequestParams = {
    credentials: "same-origin",
    headers: {},
    redirect: "follow",
    referrerPolicy: "no-referrer",
  };

  constructor(apiConfig: ApiConfig<SecurityDataType> = {}) {
    Object.assign(this, apiConfig);
  }

  public setSecurityData = (data: SecurityDataType | null) => {
    this.securityData = data;
  };

  protected encodeQueryParam(key: string, value: any) {
    const encodedKey = encodeURIComponent(key);
    return `${encodedKey}=${encodeURIComponent(typeof value === "number" ? value : `${value}`)}`;
  }

  protected addQueryParam(query: QueryParamsType, key: string) {
    return this.encodeQueryParam(key, query[key]);
  }

  protected addArrayQueryParam(query: QueryParamsType, key: string) {
    const value = query[key];
    return value.map((v: any) => this.encodeQueryParam(key, v)).join("&");
  }

  protected toQueryString(rawQuery?: QueryParamsType): string {
    const query = rawQuery || {};
    const keys = Object.keys(query).filter(
      (key) => "undefined" !== typeof query[key],
    );
    return keys
      .map((key) =>
        Array.isArray(query[key])
          ? this.addArrayQueryParam(query, key)
          : this.addQueryParam(query, key),
      )
      .join("&");
  }

  protected addQueryParams(rawQuery?: QueryParamsType): string {
    const queryString = this.toQueryString(rawQuery);
    return queryString ? `?${queryString}` : "";
  }

  private contentFormatters: Record<ContentType, (input: any) => any> = {
    ["application/json"]: (input: any) =>
      input !== null && (typeof input === "object" || typeof input === "string")
        ? JSON.stringify(input)
        : input,
    ["application/vnd.api+json"]: (input: any) =>
      input !== null && (typeof input === "object" || typeof input === "string")
        ? JSON.stringify(input)
        : input,
    ["text/plain"]: (input: any) =>
      input !== null && typeof input !== "string"
        ? JSON.stringify(input)
        : input,
    ["multipart/form-data"]: (input: any) => {
      if (input instanceof FormData) {
        return input;
      }

      return Object.keys(input || {}).reduce((formData, key) => {
        const property = input[key];
        formData.append(
          key,
          property instanceof Blob
            ? property
            : typeof property === "object" && property !== null
              ? JSON.stringify(property)
              : `${property}`,
        );
        return formData;
      }, new FormData());
    },
    ["application/x-www-form-urlencoded"]: (input: any) =>
      this.toQueryString(input),
  };

  protected mergeRequestParams(
    params1: RequestParams,
    params2?: RequestParams,
  ): RequestParams {
    return {
      ...this.baseApiParams,
      ...params1,
      ...(params2 || {}),
      headers: {
        ...(this.baseApiParams.headers || {}),
        ...(params1.headers || {}),
        ...((params2 && params2.headers) || {}),
      },
    };
  }

  protected createAbortSignal = (
    cancelToken: CancelToken,
  ): AbortSignal | undefined => {
    if (this.abortControllers.has(cancelToken)) {
      const abortController = this.abortControllers.get(cancelToken);
      if (abortController) {
        return abortController.signal;
      }
      return void 0;
    }

    const abortController = new AbortController();
    this.abortControllers.set(cancelToken, abortController);
    return abortController.signal;
  };

  public abortRequest = (cancelToken: CancelToken) => {
    const abortController = this.abortControllers.get(cancelToken);

    if (abortController) {
      abortController.abort();
      this.abortControllers.delete(cancelToken);
    }
  };

  public request = async <T = any, E = any>({
    body,
    secure,
    path,
    type,
    query,
    format,
    baseUrl,
    cancelToken,
    ...params
  }: FullRequestParams): Promise<HttpResponse<T, E>> => {
    const secureParams =
      ((typeof secure === "boolean" ? secure : this.baseApiParams.secure) &&
        this.securityWorker &&
        (await this.securityWorker(this.securityData))) ||
      {};
    const requestParams = this.mergeRequestParams(params, secureParams);
    const queryString = query && this.toQueryString(query);
    const payloadFormatter = this.contentFormatters[type || "application/json"];
    const responseFormat = format || requestParams.format;

    return this.customFetch(
      `${baseUrl || this.baseUrl || ""}${path}${queryString ? `?${queryString}` : ""}`,
      {
        ...requestParams,
        headers: {
          ...(requestParams.headers || {}),
          ...(type && type !== "multipart/form-data"
            ? { "Content-Type": type }
            : {}),
        },
        signal:
          (cancelToken
            ? this.createAbortSignal(cancelToken)
            : requestParams.signal) || null,
        body:
          typeof body === "undefined" || body === null
            ? null
            : payloadFormatter(body),
      },
    ).then(async (response) => {
      const r = response as HttpResponse<T, E>;
      r.data = null as unknown as T;
      r.error = null as unknown as E;

      const responseToParse = responseFormat ? response.clone() : response;
      const data = !responseFormat
        ? r
        : await responseToParse[responseFormat]()
            .then((data) => {
              if (r.ok) {
                r.data = data;
              } else {
                r.error = data;
              }
              return r;
            })
            .catch((e) => {
              r.error = e;
              return r;
            });

      if (cancelToken) {
        this.abortControllers.delete(cancelToken);
      }

      if (!response.ok) throw data;
      return data;
    });
  };
}

/**
 * @title ECODrIx API
 * @version 0.1.0
 * @license Proprietary
 * @baseUrl http://localhost:3000
 *
 * ECODrIx is an API-first automation backend. Client servers call it over REST with
 * `x-api-key` + `x-client-code`; platform operators manage tenants with the admin bearer key.
 *
 * Every answer is an envelope: success `{success:true,data,message?}`, error
 * `{success:false,message,code}`, paginated `{success:true,data:[…],total,page,limit,totalPages}`.
 * Every answer carries `x-request-id`.
 */
export class Api<
  SecurityDataType extends unknown,
> extends HttpClient<SecurityDataType> {
  meta = {
    /**
     * @description The bundled OpenAPI 3.1 contract the server is built from.
     *
     * @tags meta
     * @name MetaOpenapi
     * @summary This OpenAPI document
     * @request GET:/openapi.json
     */
    metaOpenapi: (params: RequestParams = {}) =>
      this.request<
        {
          openapi: string;
          info: object;
          paths: object;
        },
        any
      >({
        path: `/openapi.json`,
        method: "GET",
        format: "json",
        ...params,
      }),
  };
  monitoring = {
    /**
     * @description Public liveness and database check. Answers 503 when the database is unreachable.
     *
     * @tags monitoring
     * @name HealthGet
     * @summary Server health
     * @request GET:/api/saas/health
     */
    healthGet: (params: RequestParams = {}) =>
      this.request<
        SuccessEnvelope & {
          data: Health;
        },
        ErrorEnvelope
      >({
        path: `/api/saas/health`,
        method: "GET",
        format: "json",
        ...params,
      }),

    /**
     * @description The calling tenant's integrations (WhatsApp, email, Google Meet), how many automation rules are enabled, and how many of its background jobs are queued or running.
     *
     * @tags monitoring
     * @name HealthClient
     * @summary Tenant health
     * @request GET:/api/saas/health/client
     * @secure
     */
    healthClient: (params: RequestParams = {}) =>
      this.request<
        SuccessEnvelope & {
          data: ClientHealth;
        },
        ErrorEnvelope
      >({
        path: `/api/saas/health/client`,
        method: "GET",
        secure: true,
        format: "json",
        ...params,
      }),
  };
  cors = {
    /**
     * No description
     *
     * @tags cors
     * @name CorsList
     * @summary List allowed browser origins
     * @request GET:/api/saas/cors
     * @secure
     */
    corsList: (params: RequestParams = {}) =>
      this.request<CorsOriginsEnvelope, ErrorEnvelope>({
        path: `/api/saas/cors`,
        method: "GET",
        secure: true,
        format: "json",
        ...params,
      }),

    /**
     * @description Allows browser code served from `url`'s origin to call the API for this tenant. Adding an origin that is already allowed changes nothing and answers 200.
     *
     * @tags cors
     * @name CorsAdd
     * @summary Allow a browser origin
     * @request POST:/api/saas/cors
     * @secure
     */
    corsAdd: (data: CorsOriginRequest, params: RequestParams = {}) =>
      this.request<CorsOriginsEnvelope, ErrorEnvelope>({
        path: `/api/saas/cors`,
        method: "POST",
        body: data,
        secure: true,
        type: "application/json",
        format: "json",
        ...params,
      }),

    /**
     * No description
     *
     * @tags cors
     * @name CorsRemove
     * @summary Stop allowing a browser origin
     * @request DELETE:/api/saas/cors
     * @secure
     */
    corsRemove: (data: CorsOriginRequest, params: RequestParams = {}) =>
      this.request<CorsOriginsEnvelope, ErrorEnvelope>({
        path: `/api/saas/cors`,
        method: "DELETE",
        body: data,
        secure: true,
        type: "application/json",
        format: "json",
        ...params,
      }),
  };
  clients = {
    /**
     * @description Creates a tenant, its isolated schema and its first API key. Without `clientCode` one is derived from the name. `apiKey` and `webhookSecret` are shown only in this answer.
     *
     * @tags clients
     * @name ClientsCreate
     * @summary Create a client (tenant)
     * @request POST:/api/clients
     * @secure
     */
    clientsCreate: (data: CreateClientRequest, params: RequestParams = {}) =>
      this.request<
        SuccessEnvelope & {
          /** A new tenant's credentials. `apiKey` and `webhookSecret` are shown only in this answer. */
          data: ClientCredentials;
        },
        ErrorEnvelope
      >({
        path: `/api/clients`,
        method: "POST",
        body: data,
        secure: true,
        type: "application/json",
        format: "json",
        ...params,
      }),

    /**
     * No description
     *
     * @tags clients
     * @name ClientsList
     * @summary List clients
     * @request GET:/api/clients
     * @secure
     */
    clientsList: (
      query?: {
        /**
         * 1-based page number.
         * @min 1
         * @default 1
         */
        page?: number;
        /**
         * Items per page (at most 100).
         * @min 1
         * @max 100
         * @default 25
         */
        limit?: number;
      },
      params: RequestParams = {},
    ) =>
      this.request<
        SuccessEnvelope &
          Pagination & {
            data: Client[];
          },
        ErrorEnvelope
      >({
        path: `/api/clients`,
        method: "GET",
        query: query,
        secure: true,
        format: "json",
        ...params,
      }),

    /**
     * @description The client with which secrets are set (never their values), its datasource and CORS origins.
     *
     * @tags clients
     * @name ClientsGet
     * @summary Get a client
     * @request GET:/api/clients/{code}
     * @secure
     */
    clientsGet: (code: ClientCode, params: RequestParams = {}) =>
      this.request<ClientEnvelope, ErrorEnvelope>({
        path: `/api/clients/${code}`,
        method: "GET",
        secure: true,
        format: "json",
        ...params,
      }),

    /**
     * @description Stores the given secrets encrypted (AES-256-GCM under the master key); `null` removes one. The answer says which secrets are set, never their values.
     *
     * @tags clients
     * @name ClientsSetSecrets
     * @summary Set a client's secrets
     * @request POST:/api/clients/{code}/secrets
     * @secure
     */
    clientsSetSecrets: (
      code: ClientCode,
      data: SecretsUpdate,
      params: RequestParams = {},
    ) =>
      this.request<
        SuccessEnvelope & {
          data: {
            /** Tenant identifier; lowercase letters, digits and underscores, starting with a letter. */
            clientCode: ClientCode;
            /** Which secrets are set (true) or not (false). Values are never shown. */
            secrets: SecretsStatus;
          };
        },
        ErrorEnvelope
      >({
        path: `/api/clients/${code}/secrets`,
        method: "POST",
        body: data,
        secure: true,
        type: "application/json",
        format: "json",
        ...params,
      }),

    /**
     * @description Points the tenant at its own PostgreSQL database. ECODrIx connects, creates the tenant schema there and runs its migrations before switching; the URI is stored encrypted. Existing data is not copied: set the datasource before the tenant stores data.
     *
     * @tags clients
     * @name ClientsSetDatasource
     * @summary Move a client's data to its own database
     * @request POST:/api/clients/{code}/datasource
     * @secure
     */
    clientsSetDatasource: (
      code: ClientCode,
      data: DatasourceRequest,
      params: RequestParams = {},
    ) =>
      this.request<ClientEnvelope, ErrorEnvelope>({
        path: `/api/clients/${code}/datasource`,
        method: "POST",
        body: data,
        secure: true,
        type: "application/json",
        format: "json",
        ...params,
      }),

    /**
     * @description Issues a new API key (shown once) and retires the current ones, at once or after `gracePeriodSeconds`.
     *
     * @tags clients
     * @name ClientsRotateApiKey
     * @summary Rotate a client's API key
     * @request POST:/api/clients/{code}/api-keys/rotate
     * @secure
     */
    clientsRotateApiKey: (
      code: ClientCode,
      data?: RotateApiKeyRequest,
      params: RequestParams = {},
    ) =>
      this.request<
        SuccessEnvelope & {
          data: RotatedApiKey;
        },
        ErrorEnvelope
      >({
        path: `/api/clients/${code}/api-keys/rotate`,
        method: "POST",
        body: data,
        secure: true,
        type: "application/json",
        format: "json",
        ...params,
      }),
  };
}
