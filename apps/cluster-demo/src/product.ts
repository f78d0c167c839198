/** The catalogue's one entity, as the origin stores it and the routes return it. */

/** A product of the catalogue. */
export interface Product {
  readonly id: number;
  readonly name: string;
  /** In the shop's currency, two decimals. */
  readonly price: number;
  readonly stock: number;
}

/** The fields `PUT /products/:id` may change; at least one is given. */
export interface ProductUpdate {
  readonly name?: string;
  readonly price?: number;
  readonly stock?: number;
}
