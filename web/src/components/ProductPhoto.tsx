// A product's photo as the market shows it: the server's re-encoded JPEGs (400 px and 1200 px on
// the longer side), chosen by the browser for the screen, loaded lazily, with the product's name
// as its text. Its width and height keep the layout still while it loads.
import type { MarketPhoto } from '../api/client';

export function ProductPhoto(props: { photo: MarketPhoto | undefined; alt: string; size: 'card' | 'page' }) {
  const p = props.photo;
  if (!p) return null;
  const card = props.size === 'card';
  return (
    <img
      class={`product-photo product-photo-${props.size}`}
      src={card ? p.thumbnail_url : p.url}
      srcSet={`${p.thumbnail_url} 400w, ${p.url} 1200w`}
      sizes={card ? '(max-width: 40rem) 100vw, 24rem' : '(max-width: 48rem) 100vw, 48rem'}
      width={p.width}
      height={p.height}
      alt={props.alt}
      loading="lazy"
      decoding="async"
    />
  );
}
