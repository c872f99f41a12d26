import { create } from './create';

/** `navigator.onLine` only says a network exists, not that the server answers; requests still handle failure. */
export const useNetwork = create<{ online: boolean }>()(() => ({ online: navigator.onLine }));

addEventListener('online', () => useNetwork.setState({ online: true }));
addEventListener('offline', () => useNetwork.setState({ online: false }));
