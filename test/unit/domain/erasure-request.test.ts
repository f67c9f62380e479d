import { describe, expect, it } from 'vitest';
import { asksForDataErasure } from '../../../shared/domain/leads/erasure-request';

describe('Function: asksForDataErasure', () => {
  it.each([
    'Supprimez mes données svp',
    'Bonjour, pouvez-vous SUPPRIMER toutes mes données ?',
    'je veux que mes données soient supprimées',
    'Merci d’effacer mes coordonnées',
    'Retirez mes informations de votre fichier',
    'Je demande la suppression de mes données personnelles',
    "J'exerce mon droit à l'oubli",
    'Please delete my data',
    'Can you erase all my personal data?',
    'remove my details from your list',
    'I want my data deleted now',
    'GDPR: right to be forgotten',
    'right to erasure please',
  ])('flags %j', (text) => {
    expect(asksForDataErasure(text)).toBe(true);
  });

  it.each([
    'Quel est le prix ?',
    'Supprimez ce commentaire',
    'delete the duplicate order please',
    'mes données de livraison sont: 12 rue X',
    "J'ai supprimé l'appli. Mes données sont toujours là ?",
    '',
    null,
  ])('does not flag %j', (text) => {
    expect(asksForDataErasure(text)).toBe(false);
  });
});
